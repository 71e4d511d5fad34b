using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Domain;

/// <summary>
/// One query as its reader sees it: ids, who and when in plaintext; the question and answer decrypted, or
/// <see cref="Erased"/> when the patient was erased and the text can never be read again.
/// </summary>
public sealed record ClaimQueryView(
    Guid Id,
    Guid ClaimId,
    string ControlNumber,
    string Patient,
    ClaimQueryStatus Status,
    string AskedBy,
    DateTimeOffset AskedAt,
    string? Question,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? Answer,
    bool Erased);

/// <summary>
/// Coder queries to the clinic (DESIGN.md: QueryProvider Coding -> OnHold by a coder, ProviderAnswered OnHold ->
/// Coding by the clinic). The transition and the encrypted text are saved together; the transition's history row
/// carries a fixed, PHI-free reason, the words live only in the encrypted query. Every ask, answer and read is
/// audited by patient pseudonym, never with the text.
/// </summary>
public static class ClinicQueries
{
    /// <summary>The reason the QueryProvider transition records: the question itself may hold PHI, so it stays out of the history.</summary>
    public const string HoldReason = "query to clinic";

    /// <summary>
    /// A coder asks the clinic: the claim goes on hold and the question is stored encrypted under the patient's data
    /// key. Refused (nothing saved) for empty or over-long text, a claim another coder holds, a state that does not
    /// permit QueryProvider, or an erased patient.
    /// </summary>
    public static async Task<ClaimQuery> AskAsync(ClaimsDbContext db, Guid claimId, Actor coder, string? question, DateTimeOffset now, AuditOrigin origin = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(coder);
        var text = ClaimQuery.ValidText(question, "question");
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken) ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (coder.Role == ClaimRole.Coder && claim.IsLeasedToOther(coder.Id, now)) throw new ClaimLeasedException(claim.Id);
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        claim.Fire(ClaimTrigger.QueryProvider, coder, HoldReason, now);
        var query = new ClaimQuery(claim, coder.Id, now);
        query.Asked(PhiVault.SealQueryText(key, claim.PatientId, query, nameof(ClaimQuery.QuestionCipher), text));
        db.ClaimQueries.Add(query);
        db.Audit(Record(coder, AuditAction.Create, query, await PseudonymAsync(db, claim.PatientId, cancellationToken), origin, "query asked"));
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>
    /// The clinic answers an open query of its own clinic: the answer is stored encrypted and the claim goes back to
    /// coding. Another clinic's query is "not found"; an answered one, or a claim no longer on hold, is refused.
    /// </summary>
    public static async Task<ClaimQuery> AnswerAsync(ClaimsDbContext db, Guid queryId, Guid clinicId, Actor clinicUser, string? answer, DateTimeOffset now, AuditOrigin origin = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clinicUser);
        var text = ClaimQuery.ValidText(answer, "answer");
        var query = await db.ClaimQueries.FirstOrDefaultAsync(q => q.Id == queryId && q.ClinicId == clinicId, cancellationToken)
            ?? throw new NotFoundException($"Query {queryId} was not found.");
        if (query.Status != ClaimQueryStatus.Open) throw new QueryAnsweredException(query.Id);
        var claim = await db.Claims.FirstAsync(c => c.Id == query.ClaimId, cancellationToken);
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        claim.Fire(ClaimTrigger.ProviderAnswered, clinicUser, null, now);
        query.Answered(clinicUser.Id, now, PhiVault.SealQueryText(key, claim.PatientId, query, nameof(ClaimQuery.AnswerCipher), text));
        db.Audit(Record(clinicUser, AuditAction.Update, query, await PseudonymAsync(db, claim.PatientId, cancellationToken), origin, "query answered"));
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>
    /// The queries in <paramref name="queries"/>, newest first, decrypted for <paramref name="reader"/>: one audited
    /// read per query shown (the caller scopes the set, e.g. to one claim or one clinic). The entries are saved here.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimQueryView>> ReadAsync(ClaimsDbContext db, IQueryable<ClaimQuery> queries, Actor reader, int take = 100, AuditOrigin origin = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reader);
        var rows = await (from q in queries.AsNoTracking()
                          join c in db.Claims on q.ClaimId equals c.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          orderby q.AskedAt descending, q.Id descending
                          select new { Query = q, c.PatientId, ControlNumber = c.ControlNumber.Value, p.Pseudonym })
                         .Take(take).ToListAsync(cancellationToken);
        var views = new List<ClaimQueryView>(rows.Count);
        foreach (var row in rows)
        {
            var text = await db.Phi.RevealAsync(row.Query, row.PatientId, cancellationToken);
            var q = row.Query;
            views.Add(new ClaimQueryView(q.Id, q.ClaimId, row.ControlNumber, row.Pseudonym, q.Status, q.AskedBy, q.AskedAt, text?.Question, q.AnsweredBy, q.AnsweredAt, text?.Answer, text is null));
            db.Audit(Record(reader, AuditAction.Read, q, row.Pseudonym, origin, text is null ? "query read: patient erased, text unreadable" : "query read"));
        }
        if (views.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return views;
    }

    private static AuditRecord Record(Actor actor, AuditAction action, ClaimQuery query, string? pseudonym, AuditOrigin origin, string what) =>
        new(actor.Id, actor.Role.ToString(), action, "ClaimQuery", query.Id.ToString(), pseudonym, SourceAddress: origin.SourceAddress, PurposeOfUse: "HPAYMT",
            CorrelationId: origin.CorrelationId, Details: $"{what} claim={query.ClaimId}");

    private static Task<string> PseudonymAsync(ClaimsDbContext db, Guid patientId, CancellationToken ct) =>
        db.Patients.Where(p => p.Id == patientId).Select(p => p.Pseudonym).SingleAsync(ct);
}

/// <summary>The claim's patient was erased (GDPR Art. 17): nothing new about them can be stored, since their data key is destroyed.</summary>
public sealed class PatientErasedException(Guid claimId)
    : ClaimsDomainException($"The patient of claim {claimId} was erased: no new text about them can be stored.")
{
    public override string Code => "patient-erased";
}

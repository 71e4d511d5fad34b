using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// A coder's questions to the clinic and the clinic's answers (DESIGN.md: QueryProvider Coding -> OnHold by a coder,
/// ProviderAnswered OnHold -> Coding by the clinic). The transition and the encrypted text are saved together; the
/// transition's history row carries a fixed, PHI-free reason, the words live only in the encrypted question. Every
/// ask, answer and read is audited by patient pseudonym, never with the text. One use case for the web and the CLI.
/// </summary>
public sealed class ClinicQuestions(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The reason the QueryProvider transition records: the question itself may hold PHI, so it stays out of the history.</summary>
    public const string HoldReason = "query to clinic";

    /// <summary>
    /// A coder asks the clinic: the claim goes on hold and the question is stored encrypted under the patient's data
    /// key. Refused (nothing saved) for empty or over-long text, a claim another coder holds, a state that does not
    /// permit QueryProvider, or an erased patient.
    /// </summary>
    public async Task<ClinicQuestion> AskAsync(Guid claimId, string? question, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var coder = caller.Actor;
        var now = clock.GetUtcNow();
        var text = ClinicQuestion.ValidText(question, "question");
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken) ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (coder.Role == ClaimRole.Coder && claim.IsLeasedToOther(coder.Id, now)) throw new ClaimLeasedException(claim.Id);
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        claim.QueryProvider(coder, HoldReason, now);
        var asked = new ClinicQuestion(claim, coder.Id, now);
        asked.Asked(PhiVault.SealQuestionText(key, claim.PatientId, asked, nameof(ClinicQuestion.QuestionCipher), text));
        db.ClinicQuestions.Add(asked);
        db.Audit(Record(caller, AuditAction.Create, asked, await PseudonymAsync(claim.PatientId, cancellationToken), "query asked"));
        await db.SaveChangesAsync(cancellationToken);
        return asked;
    }

    /// <summary>
    /// The clinic answers an open question of its own clinic: the answer is stored encrypted and the claim goes back
    /// to coding. Another clinic's question is "not found"; an answered one, or a claim no longer on hold, is refused.
    /// </summary>
    public async Task<ClinicQuestion> AnswerAsync(Guid questionId, Guid clinicId, string? answer, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow();
        var text = ClinicQuestion.ValidText(answer, "answer");
        var question = await db.ClinicQuestions.FirstOrDefaultAsync(q => q.Id == questionId && q.ClinicId == clinicId, cancellationToken)
            ?? throw new NotFoundException($"Query {questionId} was not found.");
        if (question.Status != QuestionStatus.Open) throw new QuestionAnsweredException(question.Id);
        var claim = await db.Claims.FirstAsync(c => c.Id == question.ClaimId, cancellationToken);
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        claim.ProviderAnswered(caller.Actor, now);
        question.Answered(caller.Actor.Id, now, PhiVault.SealQuestionText(key, claim.PatientId, question, nameof(ClinicQuestion.AnswerCipher), text));
        db.Audit(Record(caller, AuditAction.Update, question, await PseudonymAsync(claim.PatientId, cancellationToken), "query answered"));
        await db.SaveChangesAsync(cancellationToken);
        return question;
    }

    /// <summary>
    /// The questions in <paramref name="questions"/>, newest first, decrypted for the caller: one audited read per
    /// question shown (the caller scopes the set, e.g. to one claim or one clinic). The entries are saved here.
    /// </summary>
    public async Task<IReadOnlyList<ClinicQuestionView>> ReadAsync(IQueryable<ClinicQuestion> questions, Caller caller, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(caller);
        var rows = await (from q in questions.AsNoTracking()
                          join c in db.Claims on q.ClaimId equals c.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          orderby q.AskedAt descending, q.Id descending
                          select new { Question = q, c.PatientId, ControlNumber = c.ControlNumber.Value, p.Pseudonym })
                         .Take(take).ToListAsync(cancellationToken);
        var views = new List<ClinicQuestionView>(rows.Count);
        foreach (var row in rows)
        {
            var text = await db.Phi.RevealAsync(row.Question, row.PatientId, cancellationToken);
            var q = row.Question;
            views.Add(new ClinicQuestionView(q.Id, q.ClaimId, row.ControlNumber, row.Pseudonym, q.Status, q.AskedBy, q.AskedAt, text?.Question, q.AnsweredBy, q.AnsweredAt, text?.Answer, text is null));
            db.Audit(Record(caller, AuditAction.Read, q, row.Pseudonym, text is null ? "query read: patient erased, text unreadable" : "query read"));
        }
        if (views.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return views;
    }

    private static AuditRecord Record(Caller caller, AuditAction action, ClinicQuestion question, string? pseudonym, string what) =>
        AuditRecords.For(caller, action, "ClinicQuestion", question.Id.ToString(), pseudonym, $"{what} claim={question.ClaimId}");

    private Task<string> PseudonymAsync(Guid patientId, CancellationToken ct) =>
        db.Patients.Where(p => p.Id == patientId).Select(p => p.Pseudonym).SingleAsync(ct);
}

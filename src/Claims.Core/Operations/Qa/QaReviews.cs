using Claims.Audit;
using Claims.Domain;
using Claims.Intake;
using Claims.Operations.Teams;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Qa;

/// <summary>
/// QA review: a lead opens a sampled claim blind (the encounter, not the coder's codes), re-codes it, and the
/// code-over-code comparison scores the coder; the coder reads the result and the reviewer's feedback on their own QA
/// page. Opening a claim for review, reading feedback and recording a review are audited like any PHI access.
/// </summary>
public sealed class QaReviews(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The accuracy target, in basis points (code over code, 95%).</summary>
    public const int TargetBasisPoints = 9500;

    /// <summary>Samples the caller may see (a lead: their team's; managers and admins: all), newest first.</summary>
    public async Task<IReadOnlyList<QaSampleRow>> ListAsync(Caller caller, bool? reviewed = null, string? coderId = null, int take = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        OperationsAccess.Require(caller, "see QA samples", ClaimRole.Lead, ClaimRole.Manager, ClaimRole.Admin);
        var people = await TeamAssignments.PeopleInViewAsync(db, caller, cancellationToken);
        var samples = db.QaSamples.AsNoTracking();
        if (people is not null) samples = samples.Where(s => people.Contains(s.CoderId));
        if (!string.IsNullOrWhiteSpace(coderId)) samples = samples.Where(s => s.CoderId == coderId.Trim());
        if (reviewed is { } done) samples = done ? samples.Where(s => s.ReviewedAt != null) : samples.Where(s => s.ReviewedAt == null);
        var rows = await (from s in samples
                          join c in db.Claims on s.ClaimId equals c.Id
                          join cl in db.Clinics on s.ClinicId equals cl.Id
                          orderby s.WeekOf descending, s.SampledAt descending, s.Id
                          select new QaSampleRow(s.Id, s.ClaimId, c.ControlNumber.Value, cl.Name, s.CoderId, s.WeekOf, s.Reason, s.Detail, s.ReviewerId, s.ReviewedAt, s.AccuracyBasisPoints))
                         .Take(take).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>A lead opens a sample to re-code it: the encounter without the coder's codes (audited as a claim read).</summary>
    public async Task<QaBlindView> OpenAsync(Guid sampleId, Caller caller, CancellationToken cancellationToken = default)
    {
        var (sample, claim, pseudonym, clinic) = await LoadForReviewAsync(sampleId, caller, cancellationToken);
        var encounter = await db.ClaimClinicalItems.AsNoTracking().Where(i => i.ClaimId == claim.Id).OrderBy(i => i.Sequence)
            .Select(i => new ClinicalEntry(i.Kind, i.System, i.Code, i.Display, i.Charge)).ToListAsync(cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "Claim", claim.Id.ToString(), pseudonym, $"qa review opened sample={sample.Id}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new QaBlindView(sample.Id, claim.Id, claim.ControlNumber.Value, clinic, pseudonym, claim.ServiceFrom, claim.ServiceTo, claim.PlaceOfService.ToString(), encounter, sample.IsReviewed);
    }

    /// <summary>
    /// The lead's own codes for the sample: compared code over code with the coder's, scored, and stored with the
    /// lead's feedback (encrypted). Invalid codes are refused with the code named; a sample is reviewed once.
    /// </summary>
    public async Task<QaSample> ReviewAsync(Guid sampleId, string? diagnoses, string? lines, string? feedback, Caller caller, CancellationToken cancellationToken = default)
    {
        var reviewer = QaCodes.Parse(diagnoses, lines);
        var text = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
        if (text is { Length: > 2000 }) throw new DomainValidationException("Feedback has at most 2,000 characters.");
        var (sample, claim, pseudonym, _) = await LoadForReviewAsync(sampleId, caller, cancellationToken, tracked: true);
        var coder = QaCodes.Of(claim);
        var comparison = QaComparison.Compare(coder, reviewer);
        byte[]? key = text is null ? null : await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        sample.Review(caller.Actor.Id, clock.GetUtcNow(), reviewer, coder, comparison,
            s => text is null ? null : PhiCipher.Seal(key, claim.PatientId, new PhiCell(QaSample.Table, nameof(QaSample.FeedbackCipher), s.Id), text));
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "QaSample", sample.Id.ToString(), pseudonym,
            $"qa reviewed claim={claim.Id} coder={sample.CoderId} accuracy={comparison.AccuracyBasisPoints}bp findings={comparison.Findings.Count}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return sample;
    }

    /// <summary>The caller's own reviewed claims with findings and feedback, newest first; each one shown is an audited read.</summary>
    public async Task<IReadOnlyList<QaFeedback>> MineAsync(Caller caller, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var me = caller.Actor.Id;
        var rows = await (from s in db.QaSamples.AsNoTracking()
                          join c in db.Claims on s.ClaimId equals c.Id
                          join cl in db.Clinics on s.ClinicId equals cl.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          where s.CoderId == me && s.ReviewedAt != null
                          orderby s.ReviewedAt descending
                          select new { Sample = s, c.PatientId, ControlNumber = c.ControlNumber.Value, Clinic = cl.Name, p.Pseudonym })
                         .Take(take).ToListAsync(cancellationToken);
        var result = new List<QaFeedback>(rows.Count);
        foreach (var r in rows)
        {
            var s = r.Sample;
            string? words = null;
            if (s.FeedbackCipher is { } cipher && await db.Phi.DataKeyAsync(r.PatientId, cancellationToken) is { } key)
            {
                words = PhiCipher.Open(key, new PhiCell(QaSample.Table, nameof(QaSample.FeedbackCipher), s.Id), cipher);
            }
            result.Add(new QaFeedback(s.Id, s.ClaimId, r.ControlNumber, r.Clinic, s.WeekOf, s.Reason, s.ReviewerId!, s.ReviewedAt!.Value,
                QaCodes.FromStored(s.CoderCodes), QaCodes.FromStored(s.ReviewerCodes), s.AccuracyBasisPoints ?? 0,
                [.. (s.Findings ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)], words));
            db.Audit(AuditRecords.For(caller, AuditAction.Read, "QaSample", s.Id.ToString(), r.Pseudonym, $"qa feedback read claim={s.ClaimId}", AuditRecords.Operations));
        }
        if (result.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Reviewed samples summed per coder and per client (a lead: their team's coders only).</summary>
    public async Task<QaResults> ResultsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        OperationsAccess.Require(caller, "see QA results", ClaimRole.Lead, ClaimRole.Manager, ClaimRole.Admin);
        var people = await TeamAssignments.PeopleInViewAsync(db, caller, cancellationToken);
        var samples = db.QaSamples.AsNoTracking().Where(s => s.AccuracyBasisPoints != null);
        if (people is not null) samples = samples.Where(s => people.Contains(s.CoderId));
        var reviewed = await samples.Select(s => new { s.CoderId, s.ClinicId, Accuracy = s.AccuracyBasisPoints!.Value }).ToListAsync(cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        static QaResult Sum(string key, string name, IEnumerable<int> accuracies)
        {
            var list = accuracies.ToList();
            return new QaResult(key, name, list.Count, (int)Math.Round(list.Average(), MidpointRounding.AwayFromZero), list.Count(a => a >= TargetBasisPoints));
        }
        return new QaResults(
            [.. reviewed.GroupBy(r => r.CoderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g.Key, g.Select(r => r.Accuracy)))],
            [.. reviewed.GroupBy(r => r.ClinicId).Select(g => Sum(g.Key.ToString(), clinics.GetValueOrDefault(g.Key, "?"), g.Select(r => r.Accuracy))).OrderBy(r => r.Name, StringComparer.Ordinal)]);
    }

    private async Task<(QaSample Sample, Claim Claim, string Pseudonym, string Clinic)> LoadForReviewAsync(Guid sampleId, Caller caller, CancellationToken ct, bool tracked = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        OperationsAccess.Require(caller, "review claims for QA", ClaimRole.Lead);
        var people = await TeamAssignments.PeopleInViewAsync(db, caller, ct);
        var sample = await (tracked ? db.QaSamples : db.QaSamples.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == sampleId, ct)
            ?? throw new NotFoundException($"QA sample {sampleId} was not found.");
        // A lead reviews their team's coders; a sample of someone outside it is "not found", as another clinic's claim would be.
        if (people is not null && !people.Contains(sample.CoderId)) throw new NotFoundException($"QA sample {sampleId} was not found.");
        if (sample.CoderId == caller.Actor.Id) throw new DomainValidationException("A coder cannot review their own claim.");
        var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == sample.ClaimId, ct);
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
        var clinic = await db.Clinics.Where(c => c.Id == claim.ClinicId).Select(c => c.Name).SingleAsync(ct);
        return (sample, claim, pseudonym, clinic);
    }
}

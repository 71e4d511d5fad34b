using Claims.Operations.Kpis;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Qa;

/// <summary>
/// The coding-accuracy KPI from QA reviews: for the reviews completed in the period (a clinic's, or all), the codes
/// the blind reviewer agreed with (<see cref="QaComparison.Earned"/>) over the codes reviewed
/// (<see cref="QaComparison.Possible"/>), recomputed from the stored code lists so the KPI and the QA pages agree.
/// A claim counts as agreed when the reviewer agreed with every code on it. Null when no review was completed.
/// </summary>
public sealed class QaCodingAccuracySource(ClaimsDbContext db) : ICodingAccuracySource
{
    /// <inheritdoc />
    public async Task<CodingAccuracy?> ForPeriodAsync(Guid? clinicId, DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken = default)
    {
        var reviews = db.QaSamples.AsNoTracking().Where(s => s.ReviewedAt != null && s.ReviewedAt >= periodStart && s.ReviewedAt < periodEnd);
        if (clinicId is { } clinic) reviews = reviews.Where(s => s.ClinicId == clinic);
        var rows = await reviews.Select(s => new { s.ClaimId, s.CoderCodes, s.ReviewerCodes }).ToListAsync(cancellationToken);
        if (rows.Count == 0) return null;
        long agreed = 0, reviewed = 0;
        var agreedClaims = new List<Guid>();
        foreach (var row in rows)
        {
            var comparison = QaComparison.Compare(QaCodes.FromStored(row.CoderCodes), QaCodes.FromStored(row.ReviewerCodes));
            agreed += comparison.Earned;
            reviewed += comparison.Possible;
            if (comparison.Earned == comparison.Possible) agreedClaims.Add(row.ClaimId);
        }
        return new CodingAccuracy(agreed, reviewed, agreedClaims, [.. rows.Select(r => r.ClaimId).Distinct()]);
    }
}

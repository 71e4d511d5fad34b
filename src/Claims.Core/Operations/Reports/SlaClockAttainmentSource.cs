using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Kpis;
using Claims.Operations.Sla;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Reports;

/// <summary>
/// The monthly report's SLA attainment from the SLA clocks (<see cref="SlaClocks"/>, the same clocks as the SLA board)
/// under the clinic's contract and business calendar: every clinic claim's clocks as of the month's end, from the
/// history recorded before it, counted by <see cref="SlaAttainment"/>. Null when no clock was decided in the month.
/// </summary>
public sealed class SlaClockAttainmentSource(ClaimsDbContext db, TimeProvider clock) : ISlaAttainmentSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<SlaAttainmentLine>?> ForMonthAsync(Guid clinicId, ReportMonth month, CancellationToken cancellationToken = default)
    {
        var asOf = month.AsOf(clock.GetUtcNow());
        var contract = await db.ClientContracts.AsNoTracking().FirstOrDefaultAsync(c => c.ClinicId == clinicId, cancellationToken) ?? ClientContract.Default(clinicId);
        // A claim that ended (paid, closed, voided) before the month has every clock decided before it too.
        var claims = await db.Claims.AsNoTracking().Include(c => c.History)
            .Where(c => c.ClinicId == clinicId && c.CreatedAt < asOf
                && (!(c.State == ClaimState.Paid || c.State == ClaimState.Closed || c.State == ClaimState.Voided) || c.UpdatedAt >= month.Start))
            .ToListAsync(cancellationToken);
        var clocks = new List<SlaClock>();
        foreach (var c in claims)
        {
            var history = c.History.Where(e => e.At < asOf).ToList();
            var received = history.Count == 0 || c.CreatedAt <= history.Min(e => e.At) ? c.CreatedAt : history.Min(e => e.At);
            if (received >= asOf) continue;
            clocks.AddRange(SlaClocks.For(received, c.ServiceFrom, history, contract, asOf));
        }
        var lines = SlaAttainment.Lines(clocks, month, contract);
        return lines.All(l => l.Measured == 0) ? null : lines;
    }
}

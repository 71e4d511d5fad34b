using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Charges;

/// <summary>
/// A clinic's fees for some codes, loaded once, answering "what does the clinic charge for this code on this date of
/// service" (the row with the latest effective date on or before it; null when the schedule has none).
/// </summary>
public sealed class ClinicFees
{
    private readonly Dictionary<string, List<(DateOnly From, Money Charge)>> _byCode;

    private ClinicFees(Dictionary<string, List<(DateOnly From, Money Charge)>> byCode) => _byCode = byCode;

    /// <summary>No fees at all (a clinic without a schedule).</summary>
    public static ClinicFees None { get; } = new([]);

    /// <summary>The clinic's rows for <paramref name="codes"/> (all codes when null).</summary>
    public static async Task<ClinicFees> LoadAsync(ClaimsDbContext db, Guid clinicId, IEnumerable<ProcedureCode>? codes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.FeeSchedule.AsNoTracking().Where(f => f.ClinicId == clinicId);
        if (codes is not null)
        {
            var wanted = codes.Distinct().ToList();
            if (wanted.Count == 0) return None;
            query = query.Where(f => wanted.Contains(f.Code));
        }
        var rows = await query.Select(f => new { f.Code, f.EffectiveFrom, f.Charge }).ToListAsync(cancellationToken);
        return new ClinicFees(rows.GroupBy(r => r.Code.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => (r.EffectiveFrom, r.Charge)).OrderByDescending(r => r.EffectiveFrom).ToList(), StringComparer.Ordinal));
    }

    /// <summary>The fee for one unit of <paramref name="code"/> on <paramref name="dateOfService"/>, or null.</summary>
    public Money? For(ProcedureCode code, DateOnly dateOfService)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!_byCode.TryGetValue(code.Value, out var rows)) return null;
        foreach (var (from, charge) in rows)
        {
            if (from <= dateOfService) return charge;
        }
        return null;
    }

    /// <summary>The fee for <paramref name="units"/> units, or null when the schedule has no fee in force.</summary>
    public Money? For(ProcedureCode code, DateOnly dateOfService, int units) => For(code, dateOfService) is { } fee ? fee * Math.Max(1, units) : null;
}

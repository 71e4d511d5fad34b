using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Statements;

/// <summary>
/// Patient balances read from the ledger (never stored): the claims in a scope that are not closed or voided, with
/// their sums by kind, oldest service first. Statements, payments and the balances page share it so they agree on
/// what a patient owes.
/// </summary>
internal static class PatientAccounts
{
    public static async Task<List<OpenPatientClaim>> OpenClaimsAsync(ClaimsDbContext db, IQueryable<Claim> scope, CancellationToken ct)
    {
        var open = scope.Where(c => c.State != ClaimState.Closed && c.State != ClaimState.Voided);
        var sums = await (from e in db.LedgerEntries
                          join c in open on e.ClaimId equals c.Id
                          group e by new { c.Id, e.Kind } into g
                          select new { g.Key.Id, g.Key.Kind, Cents = g.Sum(x => x.AmountCents) }).ToListAsync(ct);
        var ids = sums.Select(s => s.Id).Distinct().ToList();
        var claims = await open.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ControlNumber, c.ClinicId, c.PatientId, c.ServiceFrom, c.State, c.CreatedAt }).ToListAsync(ct);
        var byClaim = sums.ToLookup(s => s.Id, s => (s.Kind, s.Cents));
        return [.. claims
            .Select(c => new OpenPatientClaim(c.Id, c.ControlNumber.Value, c.ClinicId, c.PatientId, c.ServiceFrom, c.State, c.CreatedAt, ClaimBalance.From(byClaim[c.Id])))
            .OrderBy(c => c.ServiceFrom).ThenBy(c => c.CreatedAt).ThenBy(c => c.ClaimId)];
    }

    /// <summary>The open claims on which the patient owes something.</summary>
    public static async Task<List<OpenPatientClaim>> OwedAsync(ClaimsDbContext db, IQueryable<Claim> scope, CancellationToken ct) =>
        [.. (await OpenClaimsAsync(db, scope, ct)).Where(c => c.Balance.PatientBalanceCents > 0)];
}

using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>
/// A claim's money, summed from its ledger rows (never stored). With C = Σ Charge, P = Σ Payment, K = Σ Contractual,
/// R = Σ PatientResponsibility, D = Σ Denied, W = Σ WriteOff, T = Σ PatientTransfer, PP = Σ PatientPayment (reversals
/// are negated rows, so they cancel inside each sum):
/// <list type="bullet">
/// <item><see cref="BalanceCents"/> = C - P - K - W - PP: what is still owed on the claim by anyone;</item>
/// <item><see cref="PatientBalanceCents"/> = R + T - PP: what the patient owes;</item>
/// <item><see cref="PayerBalanceCents"/> = C - P - K - W - R - T: what is still open with the payer; for a claim the payer
/// adjudicated and balanced it equals D plus any line the payer left unmentioned, so a denial keeps its whole charge open
/// here until a biller writes it off, appeals it, corrects it or moves it to the patient.</item>
/// </list>
/// </summary>
public sealed record ClaimBalance(long ChargeCents, long PaidCents, long ContractualCents, long PatientResponsibilityCents, long DeniedCents)
{
    /// <summary>Σ WriteOff.</summary>
    public long WrittenOffCents { get; init; }

    /// <summary>Σ PatientTransfer.</summary>
    public long TransferredToPatientCents { get; init; }

    /// <summary>Σ PatientPayment.</summary>
    public long PatientPaidCents { get; init; }

    public long BalanceCents => ChargeCents - PaidCents - ContractualCents - WrittenOffCents - PatientPaidCents;

    public long PatientBalanceCents => PatientResponsibilityCents + TransferredToPatientCents - PatientPaidCents;

    // Balance − patient balance = (C − P − K − W − PP) − (R + T − PP) = C − P − K − W − R − T, the formula above: a
    // transfer to the patient and the patient's own payments leave the payer's side alone.
    public long PayerBalanceCents => BalanceCents - PatientBalanceCents;

    public static ClaimBalance Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The balance of one claim from its ledger rows.</summary>
    public static async Task<ClaimBalance> ForClaimAsync(ClaimsDbContext db, Guid claimId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sums = await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId == claimId)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Cents = g.Sum(e => e.AmountCents) }).ToListAsync(cancellationToken);
        return From(sums.Select(s => (s.Kind, s.Cents)));
    }

    /// <summary>Balances from (kind, sum) pairs.</summary>
    public static ClaimBalance From(IEnumerable<(LedgerEntryKind Kind, long Cents)> sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        long Sum(LedgerEntryKind kind) => sums.Where(s => s.Kind == kind).Sum(s => s.Cents);
        return new ClaimBalance(Sum(LedgerEntryKind.Charge), Sum(LedgerEntryKind.Payment), Sum(LedgerEntryKind.Contractual),
            Sum(LedgerEntryKind.PatientResponsibility), Sum(LedgerEntryKind.Denied))
        {
            WrittenOffCents = Sum(LedgerEntryKind.WriteOff),
            TransferredToPatientCents = Sum(LedgerEntryKind.PatientTransfer),
            PatientPaidCents = Sum(LedgerEntryKind.PatientPayment),
        };
    }
}

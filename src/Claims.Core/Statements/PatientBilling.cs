using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Statements;

/// <summary>
/// Billing the patient instead of (or after) a payer: <see cref="BillPatientAsync"/> moves a self-pay claim from
/// ReadyToSubmit, or a denial the patient owes from Denied/PartiallyPaid, to PatientBilling and enters the ledger rows
/// that make it the patient's (its charges if the ledger has none yet, then a PatientTransfer of the amount still open
/// with the payer); <see cref="CloseAsync"/> closes a PatientBilling claim, with no reason once the patient has paid it
/// all, or with a reason that writes the rest off. One use case for the claim page, the Ready page, the CLI and the
/// denials work (which calls <see cref="BillPatientAsync"/> with the CARC the patient owes).
/// </summary>
public sealed class PatientBilling(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The PatientTransfer reason of a self-pay claim's charges (LedgerEntry reasons hold at most five characters).</summary>
    public const string SelfPayReason = "SELF";

    /// <summary>The CAS-style reason booked on a patient balance written off when a biller closes it unpaid.</summary>
    public const string WriteOffReason = "BD";

    /// <summary>
    /// Bills the patient for the claim. A self-pay claim in ReadyToSubmit: each line's charge becomes the patient's
    /// (reason SELF). A payer claim in Denied or PartiallyPaid: the amount still open with the payer, or
    /// <paramref name="amountCents"/> of it, becomes the patient's under <paramref name="carc"/> (else the CARC of the
    /// largest denied amount). A payer claim in ReadyToSubmit is refused: it goes to its payer first.
    /// </summary>
    public async Task<PatientBillingResult> BillPatientAsync(Guid claimId, Caller caller, string? carc = null, long? amountCents = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        EnsurePermitted(claim, ClaimTrigger.BillPatient, caller);
        if (claim.State == ClaimState.ReadyToSubmit && !claim.IsSelfPay)
            throw new DomainValidationException($"Claim {claim.ControlNumber} has a payer: submit it to the payer first; only a self-pay claim is billed to the patient from Ready to submit.");

        var now = clock.GetUtcNow();
        var charged = await EnterChargesAsync(db, claim, now, cancellationToken);
        var balance = await BalanceAsync(claim.Id, cancellationToken);
        var open = balance.PayerBalanceCents;
        var amount = amountCents ?? open;
        if (amount <= 0) throw new DomainValidationException($"Claim {claim.ControlNumber} has nothing open with the payer to bill the patient for.");
        if (amount > open) throw new DomainValidationException($"Claim {claim.ControlNumber} has {Dollars(open)} open with the payer; {Dollars(amount)} cannot be billed to the patient.");

        string reason;
        if (claim.IsSelfPay && amountCents is null && open == charged.Sum(c => c.Cents))
        {
            // Self-pay: the whole charge, line by line, so a statement can say what each service costs the patient.
            reason = SelfPayReason;
            foreach (var (line, cents) in charged) db.LedgerEntries.Add(LedgerEntry.PatientTransfer(claim.Id, line, cents, reason, now));
        }
        else
        {
            reason = claim.IsSelfPay ? SelfPayReason : NormalCarc(carc) ?? await LargestDenialAsync(claim.Id, cancellationToken) ?? "PR";
            db.LedgerEntries.Add(LedgerEntry.PatientTransfer(claim.Id, null, amount, reason, now));
        }

        var from = claim.State;
        claim.BillPatient(caller.Actor, claim.IsSelfPay ? "Self-pay: billed to the patient." : $"Patient owes {Dollars(amount)} ({reason}).", now);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Ledger", claim.Id.ToString(), await PseudonymAsync(claim.PatientId, cancellationToken),
            string.Create(CultureInfo.InvariantCulture, $"patient transfer {Dollars(amount)} reason={reason} charges-entered={charged.Count}")));
        await db.SaveChangesAsync(cancellationToken);
        return new PatientBillingResult(claim, from, amount, reason,
            $"{ClaimStates.Words(from)} → {ClaimStates.Words(claim.State)}: {Dollars(amount)} billed to the patient ({reason}).");
    }

    /// <summary>
    /// Closes a PatientBilling claim. With nothing owed no reason is needed; with a balance the reason is required and
    /// the patient balance is written off (a PatientTransfer back, then a WriteOff under PR-BD), so every balance formula
    /// still holds and the claim leaves the patient's statements.
    /// </summary>
    public async Task<PatientBillingResult> CloseAsync(Guid claimId, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (claim.State != ClaimState.PatientBilling) throw new InvalidTransitionException(claim.Id, claim.State, ClaimTrigger.Close);
        EnsurePermitted(claim, ClaimTrigger.Close, caller);
        var balance = await ClaimBalance.ForClaimAsync(db, claim.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var owed = balance.PatientBalanceCents;
        if (balance.BalanceCents != 0 && string.IsNullOrWhiteSpace(reason)) throw new ReasonRequiredException(claim.State, ClaimTrigger.Close);
        if (owed > 0)
        {
            db.LedgerEntries.Add(LedgerEntry.PatientTransfer(claim.Id, null, -owed, WriteOffReason, now));
            db.LedgerEntries.Add(LedgerEntry.WriteOff(claim.Id, null, owed, "PR", WriteOffReason, now));
            db.Audit(AuditRecords.For(caller, AuditAction.Create, "Ledger", claim.Id.ToString(), await PseudonymAsync(claim.PatientId, cancellationToken),
                $"patient balance {Dollars(owed)} written off at close"));
        }
        claim.Close(caller.Actor, reason, now);
        await db.SaveChangesAsync(cancellationToken);
        return new PatientBillingResult(claim, ClaimState.PatientBilling, owed, WriteOffReason,
            owed > 0 ? $"Billed to the patient → Closed: {Dollars(owed)} written off." : "Billed to the patient → Closed: paid in full.");
    }

    /// <summary>
    /// One Charge row per line the first time the claim meets the ledger (as posting does; a unique index keeps it at one).
    /// Returns every line's charge, entered now or before.
    /// </summary>
    internal static async Task<List<(int Line, long Cents)>> EnterChargesAsync(ClaimsDbContext db, Claim claim, DateTimeOffset at, CancellationToken ct)
    {
        var entered = await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId == claim.Id && e.Kind == LedgerEntryKind.Charge)
            .Select(e => e.LineNumber).ToListAsync(ct);
        foreach (var line in claim.Lines.Where(l => !entered.Contains(l.LineNumber)))
            db.LedgerEntries.Add(LedgerEntry.Charge(claim.Id, line.LineNumber, line.Charge.Cents, at));
        return [.. claim.Lines.Select(l => (l.LineNumber, l.Charge.Cents))];
    }

    private async Task<ClaimBalance> BalanceAsync(Guid claimId, CancellationToken ct)
    {
        // The charges just added are not saved yet: the stored sums plus the pending Charge rows.
        var stored = await ClaimBalance.ForClaimAsync(db, claimId, ct);
        var pending = db.ChangeTracker.Entries<LedgerEntry>().Where(e => e.State == EntityState.Added && e.Entity.ClaimId == claimId && e.Entity.Kind == LedgerEntryKind.Charge)
            .Sum(e => e.Entity.AmountCents);
        return stored with { ChargeCents = stored.ChargeCents + pending };
    }

    private async Task<string?> LargestDenialAsync(Guid claimId, CancellationToken ct)
    {
        var denials = await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId == claimId && e.Kind == LedgerEntryKind.Denied && e.Reason != null)
            .Select(e => new { e.Reason, e.AmountCents }).ToListAsync(ct);
        return denials.GroupBy(d => d.Reason!).Select(g => (Reason: g.Key, Cents: g.Sum(d => d.AmountCents))).Where(g => g.Cents > 0)
            .OrderByDescending(g => g.Cents).Select(g => g.Reason).FirstOrDefault();
    }

    private static string? NormalCarc(string? carc)
    {
        if (string.IsNullOrWhiteSpace(carc)) return null;
        var code = carc.Trim().ToUpperInvariant();
        if (code.Length > 5 || !code.All(char.IsAsciiLetterOrDigit)) throw new DomainValidationException("A CARC has one to five letters or digits (e.g. 96, 204, PR1).");
        return code;
    }

    private async Task<string?> PseudonymAsync(Guid patientId, CancellationToken ct) =>
        await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => p.Pseudonym).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Whether a button for <paramref name="trigger"/> makes sense for this claim: a self-pay claim is never submitted,
    /// and a claim with a payer is billed to the patient only after the payer answered. The workflow table is by role
    /// only; this is the claim's own rule, which the use cases enforce too.
    /// </summary>
    public static bool Offers(Claim claim, ClaimTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return trigger switch
        {
            ClaimTrigger.Submit => !claim.IsSelfPay,
            ClaimTrigger.BillPatient when claim.State == ClaimState.ReadyToSubmit => claim.IsSelfPay,
            _ => true,
        };
    }

    /// <summary>Refuses, before anything is written, a trigger the state or the role does not permit.</summary>
    internal static void EnsurePermitted(Claim claim, ClaimTrigger trigger, Caller caller)
    {
        var transition = ClaimWorkflow.Find(claim.State, trigger) ?? throw new InvalidTransitionException(claim.Id, claim.State, trigger);
        if (transition.Role != caller.Actor.Role) throw new TriggerForbiddenException(claim.Id, claim.State, trigger, caller.Actor.Role);
    }

    internal static string Dollars(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

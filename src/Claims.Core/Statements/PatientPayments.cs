using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Statements;

/// <summary>
/// RecordPatientPayment: a payment the patient made (cash, check, card) entered as PatientPayment ledger rows, applied
/// to the oldest open claim first and never beyond what the patient owes (an overpayment is refused whole, so no
/// credit balance appears that nobody asked for). A claim whose whole balance reaches zero closes at once (the
/// workflow's Close; with no reason from PatientBilling or Paid). One transaction with its audit entries, for the
/// Statements page and <c>claims payments record</c>.
/// </summary>
public sealed class PatientPayments(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The reason a claim closed by a patient payment gives where the workflow asks for one (PartiallyPaid, Denied).</summary>
    public const string PaidInFullReason = "Balance paid in full by the patient.";

    /// <summary>Records the payment; refuses a non-positive amount, a future date, a claim or patient with nothing owed, and an overpayment.</summary>
    public async Task<PatientPaymentResult> RecordAsync(PatientPaymentRequest request, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Biller) throw new DomainValidationException($"A {caller.Actor.Role} may not record patient payments; a biller does.");
        if ((request.ClaimId is null) == (request.PatientId is null)) throw new DomainValidationException("Name either the claim or the patient the payment is for.");
        if (request.AmountCents <= 0) throw new DomainValidationException("A payment amount is more than 0.00.");
        var now = clock.GetUtcNow();
        if (request.PaidOn > DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainValidationException($"The payment date {request.PaidOn:yyyy-MM-dd} is in the future.");
        var reference = Reference(request);

        var (patient, scope) = await ScopeAsync(request, cancellationToken);
        var owed = await PatientAccounts.OwedAsync(db, scope, cancellationToken);
        var total = owed.Sum(c => c.Balance.PatientBalanceCents);
        if (total == 0) await RefuseAsync(patient, caller, request.ClaimId is null ? $"Patient {patient.Pseudonym} owes nothing: no payment recorded." : "The patient owes nothing on this claim: no payment recorded.", cancellationToken);
        if (request.AmountCents > total)
            await RefuseAsync(patient, caller, $"{PatientBilling.Dollars(request.AmountCents)} is more than the {PatientBilling.Dollars(total)} the patient owes{(request.ClaimId is null ? "" : " on this claim")}: overpayment refused, nothing recorded. Record at most {PatientBilling.Dollars(total)}.", cancellationToken);

        var applied = new List<PatientPaymentApplied>();
        var remaining = request.AmountCents;
        var toClose = new List<Guid>();
        foreach (var claim in owed)
        {
            if (remaining == 0) break;
            var part = Math.Min(remaining, claim.Balance.PatientBalanceCents);
            remaining -= part;
            db.LedgerEntries.Add(LedgerEntry.PatientPayment(claim.ClaimId, part, reference, now));
            var after = claim.Balance with { PatientPaidCents = claim.Balance.PatientPaidCents + part };
            var closes = after.BalanceCents == 0 && ClaimWorkflow.Find(claim.State, ClaimTrigger.Close) is not null;
            if (closes) toClose.Add(claim.ClaimId);
            applied.Add(new PatientPaymentApplied(claim.ClaimId, claim.ControlNumber, part, after.PatientBalanceCents, closes));
            db.Audit(AuditRecords.For(caller, AuditAction.Create, "PatientPayment", claim.ClaimId.ToString(), patient.Pseudonym,
                string.Create(CultureInfo.InvariantCulture, $"patient payment {PatientBilling.Dollars(part)} of {PatientBilling.Dollars(request.AmountCents)} {request.Method.ToString().ToLowerInvariant()} paid-on={request.PaidOn:yyyy-MM-dd} balance-after={PatientBilling.Dollars(after.PatientBalanceCents)}")));
        }

        await CloseAsync(toClose, caller, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new PatientPaymentResult(patient.Id, patient.Pseudonym, request.AmountCents, applied, total - request.AmountCents);
    }

    /// <summary>A refused payment still looked at the patient's balance: the attempt is on the record (outcome failure), then refused.</summary>
    private async Task RefuseAsync(Patient patient, Caller caller, string message, CancellationToken ct)
    {
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "PatientPayment", patient.Id.ToString(), patient.Pseudonym, "patient payment refused: " + message, outcome: AuditOutcome.Failure));
        await db.SaveChangesAsync(ct);
        throw new DomainValidationException(message);
    }

    private async Task<(Patient Patient, IQueryable<Claim> Scope)> ScopeAsync(PatientPaymentRequest request, CancellationToken ct)
    {
        if (request.ClaimId is { } claimId)
        {
            var patientId = await db.Claims.AsNoTracking().Where(c => c.Id == claimId).Select(c => (Guid?)c.PatientId).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException($"Claim {claimId} was not found.");
            return (await db.Patients.AsNoTracking().FirstAsync(p => p.Id == patientId, ct), db.Claims.Where(c => c.Id == claimId));
        }
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == request.PatientId, ct) ?? throw new NotFoundException("No such patient.");
        return (patient, db.Claims.Where(c => c.PatientId == patient.Id));
    }

    /// <summary>Closes the claims the payment settled, through the workflow (a reason only where the table asks for one).</summary>
    private async Task CloseAsync(List<Guid> claimIds, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (claimIds.Count == 0) return;
        var claims = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).Where(c => claimIds.Contains(c.Id)).ToListAsync(ct);
        foreach (var claim in claims)
            claim.Close(caller.Actor, ClaimWorkflow.Find(claim.State, ClaimTrigger.Close)!.NeedsReason ? PaidInFullReason : null, now);
    }

    /// <summary>Method, date and reference in the ledger row's 50 characters (the row has no column of its own for them).</summary>
    private static string Reference(PatientPaymentRequest request)
    {
        var number = request.Reference?.Trim();
        if (number is { Length: > 30 }) throw new DomainValidationException("A payment reference has at most 30 characters.");
        if (number is not null && number.Any(char.IsControl)) throw new DomainValidationException("A payment reference is one line of text.");
        var text = string.Create(CultureInfo.InvariantCulture, $"{request.Method.ToString().ToLowerInvariant()} {request.PaidOn:yyyy-MM-dd}");
        return string.IsNullOrEmpty(number) ? text : $"{text} {number}";
    }
}

using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Filing;

/// <summary>
/// The billers' decisions on claims that arrived already past their payer's timely filing limit (held at intake, out
/// of the coders' queue): list them, write one off (Close with CARC CO-29, and WriteOff ledger rows for its charges) or
/// release it to coding with the proof of timely filing as the reason. One use case for the
/// <c>/Billing/PastFilingLimit</c> page and <c>claims filing list|write-off|release</c>; each act is one transaction
/// with its audit entries.
/// </summary>
public sealed class FilingDecisions(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The reason a write-off is booked under: CARC 29, "the time limit for filing has expired".</summary>
    public const string WriteOffReason = "CO-29 timely filing limit passed";

    /// <summary>The held claims, the longest past their deadline first (optionally for one clinic).</summary>
    /// <remarks>Dates of service beside pseudonyms are patient data: reading the list is audited like the work queue.</remarks>
    public async Task<IReadOnlyList<PastFilingLimitRow>> ListAsync(Guid? clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var held = db.Claims.AsNoTracking().Where(c => c.State == ClaimState.Received && c.PastFilingLimit);
        if (clinicId is { } clinic) held = held.Where(c => c.ClinicId == clinic);
        var rows = await (from c in held
                          join cl in db.Clinics on c.ClinicId equals cl.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id
                          orderby c.FilingDeadline, c.Id
                          select new { c.Id, c.ControlNumber, Clinic = cl.Name, p.Pseudonym, Payer = py.Name, py.TimelyFilingDays, c.ServiceFrom, c.FilingDeadline, Lines = c.Lines.Count, c.TotalCharge })
            .ToListAsync(cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimList", null, null, string.Create(CultureInfo.InvariantCulture, $"past filing limit list rows={rows.Count}")));
        await db.SaveChangesAsync(cancellationToken);
        return [.. rows.Select(r => new PastFilingLimitRow(r.Id, r.ControlNumber.Value, r.Clinic, r.Pseudonym, r.Payer, r.TimelyFilingDays, r.ServiceFrom, r.FilingDeadline,
            today.DayNumber - r.FilingDeadline.DayNumber, r.Lines, r.TotalCharge.Cents))];
    }

    /// <summary>
    /// Writes the claim off: Received -> Closed with reason CO-29 (and the biller's note, when given). When the claim has
    /// charges, each line's charge enters the ledger and a WriteOff of the same amount (group CO, CARC 29) closes it, so
    /// its balance is 0 and the loss is on the books.
    /// </summary>
    public async Task<Claim> WriteOffAsync(Guid claimId, string? note, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await LoadHeldAsync(claimId, cancellationToken);
        var now = clock.GetUtcNow();
        var reason = string.IsNullOrWhiteSpace(note) ? WriteOffReason : $"{WriteOffReason}: {note.Trim()}";
        claim.Close(caller.Actor, reason, now);
        var charged = await db.LedgerEntries.Where(e => e.ClaimId == claim.Id && e.Kind == LedgerEntryKind.Charge).Select(e => e.LineNumber).ToListAsync(cancellationToken);
        long writtenOff = 0;
        foreach (var line in claim.Lines.Where(l => l.Charge.Cents > 0))
        {
            if (!charged.Contains(line.LineNumber)) db.LedgerEntries.Add(LedgerEntry.Charge(claim.Id, line.LineNumber, line.Charge.Cents, now));
            db.LedgerEntries.Add(LedgerEntry.WriteOff(claim.Id, line.LineNumber, line.Charge.Cents, "CO", "29", now));
            writtenOff += line.Charge.Cents;
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Claim", claim.Id.ToString(), await PseudonymAsync(claim, cancellationToken),
            string.Create(CultureInfo.InvariantCulture, $"filing write-off CO-29 deadline={claim.FilingDeadline:yyyy-MM-dd} amountCents={writtenOff}")));
        await db.SaveChangesAsync(cancellationToken);
        return claim;
    }

    /// <summary>
    /// Releases the claim to coding: it joins the coders' queue in deadline order. The reason is required: the proof of
    /// timely filing (an earlier submission's acknowledgement, a payer's extension, retroactive eligibility ...).
    /// </summary>
    public async Task<Claim> ReleaseAsync(Guid claimId, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainValidationException("Say why the claim may still be filed (the proof of timely filing) to release it to coding.");
        if (reason.Trim().Length > 500) throw new DomainValidationException("A release reason has at most 500 characters.");
        var claim = await LoadHeldAsync(claimId, cancellationToken);
        claim.ReleaseFromFilingHold(caller.Actor);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Claim", claim.Id.ToString(), await PseudonymAsync(claim, cancellationToken),
            $"filing release to coding deadline={claim.FilingDeadline:yyyy-MM-dd} proof={reason.Trim()}"));
        await db.SaveChangesAsync(cancellationToken);
        return claim;
    }

    private async Task<Claim> LoadHeldAsync(Guid claimId, CancellationToken ct)
    {
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (!claim.PastFilingLimit || claim.State != ClaimState.Received)
        {
            throw new DomainValidationException($"Claim {claim.ControlNumber.Value} is not in the past-filing-limit list (it is {ClaimStates.Words(claim.State)}).");
        }
        return claim;
    }

    private Task<string> PseudonymAsync(Claim claim, CancellationToken ct) =>
        db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
}

using Claims.Audit;
using Claims.Charges;
using Claims.Domain;
using Claims.Persistence;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// The coder's workbench: take a claim (or the next one), release it, put codes on it, and declare coding complete,
/// which verifies at once. One use case for the web workbench and the CLI, so both do the same thing: every act
/// checks the caller's lease (and the version the caller saw, when given), renews the lease, changes the claim
/// through the aggregate and saves it with its audit entry in one transaction.
/// </summary>
public sealed class Workbench(ClaimsDbContext db, TimeProvider clock, Scrubber scrubber)
{
    /// <summary>How long a taken claim stays the coder's without activity.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The most urgent free claim of a clinic the caller serves (<see cref="Operations.Teams.TeamAssignments.ScopeAsync"/>),
    /// leased to the caller; null when there is none, or the caller serves no clinic.
    /// </summary>
    public async Task<Claim?> TakeNextAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = await Operations.Teams.TeamAssignments.ScopeAsync(db, caller, cancellationToken);
        if (scope.IsEmpty) return null;
        var claim = await CoderAssignments.TakeNextAsync(db, caller.Actor, clock.GetUtcNow(), Lease, scope.Filter, c => RecordAsync(c, caller, "lease taken (take next)", cancellationToken), cancellationToken);
        return claim;
    }

    /// <summary>The coder takes the claim: coding starts (Received) or the lease is renewed (Coding).</summary>
    public async Task<WorkbenchResult> TakeAsync(Guid claimId, Caller caller, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var claim = await LoadAsync(claimId, caller, expectedVersion, cancellationToken, withHistory: false);
        var from = claim.State;
        claim.Take(caller.Actor, clock.GetUtcNow(), Lease);
        if (from == claim.State) db.Audit(await RecordAsync(claim, caller, "lease taken", cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return new WorkbenchResult(claim, from == claim.State
            ? "The claim is yours for the next 30 minutes."
            : $"{ClaimStates.Words(from)} → {ClaimStates.Words(claim.State)}: coding started; the claim is yours for the next 30 minutes.");
    }

    /// <summary>The coder gives the claim back to the queue.</summary>
    public async Task<WorkbenchResult> ReleaseAsync(Guid claimId, Caller caller, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var claim = await LoadAsync(claimId, caller, expectedVersion, cancellationToken, withHistory: false);
        EnsureNotLeasedToOther(claim, caller);
        claim.Release(caller.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new WorkbenchResult(claim, "Coding → Received: released to the queue.");
    }

    /// <summary>
    /// The coder's verdict on a suggested code, recorded for QA; an accepted ICD-10-CM code joins the diagnoses and an
    /// accepted CPT/HCPCS code becomes a line with the charge the clinic stated for the clinical item it came from.
    /// </summary>
    public Task<WorkbenchResult> RecordVerdictAsync(
        Guid claimId, Caller caller, int? expectedVersion, string? code, CodeSystemKind? system, CodingVerdict verdict, string? evidence, double? score, int? sourceSequence, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, async claim =>
        {
            var (clean, kind) = ClaimCoding.Normalise(code ?? "", system);
            if (verdict == CodingVerdict.Accepted && kind == CodeSystemKind.Icd10Cm && Icd10Code.TryParse(clean, out var icd)) EnsureBillable(claim, icd);
            var item = sourceSequence is { } seq
                ? await db.ClaimClinicalItems.AsNoTracking().FirstOrDefaultAsync(i => i.ClaimId == claimId && i.Sequence == seq, cancellationToken)
                : null;
            // The charge the clinic stated for the item wins; else the clinic's fee for the code on the date of service.
            // The clinic's charge on a vaccine item is the vaccine's: its administration code does not take it again.
            var charge = VaccineCodes.IsAdministration(clean) ? null
                : item?.Charge ?? (kind != CodeSystemKind.Icd10Cm && verdict == CodingVerdict.Accepted ? await FeeAsync(claim, clean, 1, cancellationToken) : null);
            var effect = ClaimCoding.Record(db, claim, clean, kind, verdict, evidence, score, caller.Actor.Id, clock.GetUtcNow(), charge ?? Money.Zero);
            var shown = kind == CodeSystemKind.Icd10Cm ? Icd10Code.Parse(clean).Display : clean;
            var said = effect switch
            {
                VerdictEffect.DiagnosisAdded => $"Accepted {shown}: added as diagnosis {claim.Diagnoses.Count}.",
                VerdictEffect.LineAdded => $"Accepted {shown}: added as line {claim.Lines.Count}.",
                _ => verdict == CodingVerdict.Accepted ? $"Accepted {shown} (already on the claim)." : $"Rejected {shown}.",
            };
            return (said, $"coding {(verdict == CodingVerdict.Accepted ? "accept" : "reject")} system={kind} code={clean}{(effect == VerdictEffect.RecordedOnly ? "" : " " + effect)}");
        }, cancellationToken);

    /// <summary>Appends a diagnosis (ICD-10-CM, with or without the dot).</summary>
    public Task<WorkbenchResult> AddDiagnosisAsync(Guid claimId, Caller caller, int? expectedVersion, string? code, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, claim =>
        {
            var icd = Icd10Code.Parse(ClaimCoding.Normalise(code ?? "", CodeSystemKind.Icd10Cm).Code);
            EnsureBillable(claim, icd);
            if (claim.Diagnoses.Any(d => d.Code == icd)) throw new DomainValidationException($"Diagnosis {icd.Display} is already on the claim.");
            claim.SetDiagnoses([.. Ordered(claim), icd]);
            return Task.FromResult(($"Added diagnosis {icd.Display}.", $"diagnosis add code={icd.Value}"));
        }, cancellationToken);

    /// <summary>Moves the diagnosis at <paramref name="position"/> (1-based) up (<paramref name="by"/> &lt; 0) or down; pointers follow it.</summary>
    public Task<WorkbenchResult> MoveDiagnosisAsync(Guid claimId, Caller caller, int? expectedVersion, int position, int by, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, claim =>
        {
            var list = Ordered(claim);
            var to = position - 1 + Math.Sign(by);
            if (position < 1 || position > list.Count || to < 0 || to >= list.Count) throw new DomainValidationException("That diagnosis cannot move further.");
            (list[position - 1], list[to]) = (list[to], list[position - 1]);
            claim.SetDiagnoses(list);
            return Task.FromResult(($"Moved {list[to].Display} to position {to + 1}; line pointers follow it.", $"diagnosis move from={position} to={to + 1}"));
        }, cancellationToken);

    /// <summary>Removes the diagnosis at <paramref name="position"/> (1-based); pointers to it go.</summary>
    public Task<WorkbenchResult> RemoveDiagnosisAsync(Guid claimId, Caller caller, int? expectedVersion, int position, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, claim =>
        {
            var list = Ordered(claim);
            if (position < 1 || position > list.Count) throw new DomainValidationException($"There is no diagnosis {position}.");
            var removed = list[position - 1];
            list.RemoveAt(position - 1);
            claim.SetDiagnoses(list);
            return Task.FromResult(($"Removed diagnosis {removed.Display}; pointers to it were dropped.", $"diagnosis remove code={removed.Value}"));
        }, cancellationToken);

    /// <summary>Appends a service line.</summary>
    public Task<WorkbenchResult> AddLineAsync(Guid claimId, Caller caller, int? expectedVersion, LineEntry entry, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, async claim =>
        {
            ArgumentNullException.ThrowIfNull(entry);
            var code = entry.ProcedureCode();
            var fee = string.IsNullOrWhiteSpace(entry.Charge) ? await FeeAsync(claim, code.Value, entry.UnitCount(), cancellationToken) : null;
            var line = claim.AddLine(code, entry.ModifierList(), entry.UnitCount(), fee ?? entry.ChargeAmount(), entry.PointerList(claim));
            var priced = fee is { } f ? $" Charge {f} from the clinic's fee schedule."
                : string.IsNullOrWhiteSpace(entry.Charge) ? $" No charge: the clinic's fee schedule has no fee for {code.Value} on {claim.ServiceFrom:yyyy-MM-dd}; enter one on the line or add it to the schedule." : "";
            return ($"Added line {line.LineNumber}: {line.Code}.{priced}", $"line add number={line.LineNumber} code={line.Code.Value}{(fee is null ? "" : " charge=fee-schedule")}");
        }, cancellationToken);

    /// <summary>Corrects a line's modifiers, units, charge and pointers (its code stays: remove and add to change it).</summary>
    public Task<WorkbenchResult> ReviseLineAsync(Guid claimId, Caller caller, int? expectedVersion, int lineNumber, LineEntry entry, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, claim =>
        {
            ArgumentNullException.ThrowIfNull(entry);
            claim.ReviseLine(lineNumber, entry.ModifierList(), entry.Units, entry.ChargeAmount(), entry.PointerList(claim));
            return Task.FromResult(($"Saved line {lineNumber}.", $"line revise number={lineNumber}"));
        }, cancellationToken);

    /// <summary>Removes a line; the lines after it are renumbered.</summary>
    public Task<WorkbenchResult> RemoveLineAsync(Guid claimId, Caller caller, int? expectedVersion, int lineNumber, CancellationToken cancellationToken = default) =>
        EditAsync(claimId, caller, expectedVersion, claim =>
        {
            claim.RemoveLine(lineNumber);
            return Task.FromResult(($"Removed line {lineNumber}; the lines after it were renumbered.", $"line remove number={lineNumber}"));
        }, cancellationToken);

    /// <summary>
    /// Coding is complete: the scrubber verifies at once, in the same transaction, so the claim ends ReadyToSubmit or
    /// back in Coding with its errors named; it is never left in Verification.
    /// </summary>
    public async Task<WorkbenchResult> CompleteCodingAsync(Guid claimId, Caller caller, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var claim = await LoadAsync(claimId, caller, expectedVersion, cancellationToken);
        EnsureNotLeasedToOther(claim, caller);
        claim.CompleteCoding(caller.Actor, clock.GetUtcNow());
        var inputs = await StoredClaimInputs.LoadAsync(db, [claim], cancellationToken: cancellationToken);
        var verification = new ClaimVerifier(scrubber, clock).Verify(claim, inputs.For(claim), inputs.Duplicates);
        await db.SaveChangesAsync(cancellationToken);
        var message = verification.HasErrors
            ? $"Coding → {ClaimStates.Words(claim.State)}: the scrubber found {verification.ErrorIds.Count} error(s) ({string.Join(", ", verification.ErrorIds)}). Correct them and complete coding again."
            : $"Coding complete and verified: {ClaimStates.Words(claim.State)}.";
        return new WorkbenchResult(claim, message);
    }

    /// <summary>
    /// The frame of every edit: the claim must be in Coding, the caller's to code (no other coder's live lease) and
    /// unchanged since the caller read it; the lease is renewed, the edit applied, audited and saved together.
    /// </summary>
    private async Task<WorkbenchResult> EditAsync(Guid claimId, Caller caller, int? expectedVersion, Func<Claim, Task<(string Message, string Audit)>> edit, CancellationToken ct)
    {
        var claim = await LoadAsync(claimId, caller, expectedVersion, ct);
        if (claim.State != ClaimState.Coding)
        {
            throw new ClaimNotEditableException(claim.Id, claim.State, claim.State == ClaimState.Received
                ? "Start coding the claim first (it takes the claim for you)."
                : $"A claim in {ClaimStates.Words(claim.State)} is not being coded; its codes cannot change.");
        }
        claim.Take(caller.Actor, clock.GetUtcNow(), Lease);
        var (message, details) = await edit(claim);
        db.Audit(await RecordAsync(claim, caller, details, ct));
        await db.SaveChangesAsync(ct);
        return new WorkbenchResult(claim, message);
    }

    // withHistory: false where the act only appends to the history (take, release), so a claim taken and released
    // many times does not read every earlier transition back each time.
    private async Task<Claim> LoadAsync(Guid claimId, Caller caller, int? expectedVersion, CancellationToken ct, bool withHistory = true)
    {
        ArgumentNullException.ThrowIfNull(caller);
        IQueryable<Claim> claims = withHistory ? db.Claims.Include(c => c.History.OrderBy(e => e.Id)) : db.Claims;
        var claim = await claims.FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (caller.Actor.Role != ClaimRole.Coder) throw new TriggerForbiddenException(claimId, claim.State, ClaimTrigger.StartCoding, caller.Actor.Role);
        if (claim.IsLeasedToOther(caller.Actor.Id, clock.GetUtcNow())) throw new ClaimLeasedException(claim.Id);
        if (expectedVersion is { } version && version != claim.Version) throw new StaleClaimException(claim.Id, version, claim.Version);
        return claim;
    }

    /// <summary>
    /// A category header (J20, E11) is never billed: it is refused before it reaches the claim, naming billable codes
    /// below it, rather than left for the scrubber's ICD-HEADER. The year in force on the date of service decides.
    /// </summary>
    private void EnsureBillable(Claim claim, Icd10Code code)
    {
        var set = scrubber.CodeSets.Icd10Cm.ForDate(claim.ServiceFrom);
        if (set.Find(code.Value) is not { Billable: false } header) return;
        var below = set.WithPrefix(header.Code).Where(e => e.Billable).Take(3).Select(e => e.Display).ToList();
        throw new DomainValidationException(
            $"{header.Display} ({header.Description}) is a category header, not a billable code: choose a code below it{(below.Count > 0 ? ", such as " + string.Join(", ", below) : "")}.");
    }

    private void EnsureNotLeasedToOther(Claim claim, Caller caller)
    {
        if (claim.IsLeasedToOther(caller.Actor.Id, clock.GetUtcNow())) throw new ClaimLeasedException(claim.Id);
    }

    private async Task<AuditRecord> RecordAsync(Claim claim, Caller caller, string details, CancellationToken ct)
    {
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
        return AuditRecords.For(caller, AuditAction.Update, "Claim", claim.Id.ToString(), pseudonym, details);
    }

    /// <summary>The clinic's fee for <paramref name="units"/> of a CPT/HCPCS code on the claim's date of service, or null.</summary>
    private async Task<Money?> FeeAsync(Claim claim, string code, int units, CancellationToken ct)
    {
        if (!ProcedureCode.TryParse(code, out var procedure)) return null;
        var fees = await ClinicFees.LoadAsync(db, claim.ClinicId, [procedure], ct);
        return fees.For(procedure, claim.ServiceFrom, units);
    }

    private static List<Icd10Code> Ordered(Claim claim) => [.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code)];
}

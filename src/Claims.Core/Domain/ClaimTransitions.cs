using Claims.Coding;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Statements;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Domain;

/// <summary>
/// The one door for moving a claim by naming a trigger: the claim page's workflow buttons and <c>claims fire</c> both
/// come here, so they cannot disagree. Triggers that are a richer act go to that act's use case: StartCoding takes the
/// lease, CompleteCoding verifies at once, QueryProvider stores the words as the encrypted question to the clinic and
/// ProviderAnswered as its encrypted answer; the scrubber's own triggers run verification. The rest fire the claim's
/// verb; the transition's audit entry is written with it (see the audit writer). Submit sends the claim to the
/// clearinghouse as a batch of one through <see cref="Submissions"/>; a self-pay claim, which has no payer to send to,
/// is refused and billed to the patient instead: BillPatient and Close from PatientBilling go to <see cref="PatientBilling"/>,
/// which enters the ledger rows.
/// </summary>
public sealed class ClaimTransitions(ClaimsDbContext db, TimeProvider clock, Scrubber scrubber, Submissions? submissions = null)
{
    public async Task<TransitionResult> FireAsync(Guid claimId, ClaimTrigger trigger, string? reason, Caller caller, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken) ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (expectedVersion is { } version && version != claim.Version) throw new StaleClaimException(claim.Id, version, claim.Version);
        var from = claim.State;
        var workbench = new Workbench(db, clock, scrubber);
        var questions = new ClinicQuestions(db, clock);
        switch (trigger)
        {
            case ClaimTrigger.StartCoding:
                return Moved(await workbench.TakeAsync(claimId, caller, expectedVersion, cancellationToken), from);
            case ClaimTrigger.Release:
                return Moved(await workbench.ReleaseAsync(claimId, caller, expectedVersion, cancellationToken), from);
            case ClaimTrigger.CompleteCoding:
                return Moved(await workbench.CompleteCodingAsync(claimId, caller, expectedVersion, cancellationToken), from);
            case ClaimTrigger.QueryProvider:
                EnsureRole(claim, trigger, caller);
                await questions.AskAsync(claimId, reason, caller, cancellationToken);
                return await ReloadAsync(claimId, from, "Asked the clinic; the claim waits On hold for the answer.", cancellationToken);
            case ClaimTrigger.ProviderAnswered:
                EnsureRole(claim, trigger, caller);
                var open = await db.ClinicQuestions.AsNoTracking().Where(q => q.ClaimId == claimId && q.Status == QuestionStatus.Open)
                    .Select(q => (Guid?)q.Id).FirstOrDefaultAsync(cancellationToken) ?? throw new InvalidTransitionException(claimId, from, trigger);
                await questions.AnswerAsync(open, claim.ClinicId, reason, caller, cancellationToken);
                return await ReloadAsync(claimId, from, "Answered; the claim is back with coding.", cancellationToken);
            case ClaimTrigger.Submit when claim.IsSelfPay:
                EnsureRole(claim, trigger, caller);
                throw new DomainValidationException($"Claim {claim.ControlNumber} is self-pay: it has no payer to submit an 837P to. Bill the patient instead (Bill patient).");
            case ClaimTrigger.Submit:
                return await SubmitAsync(claim, caller, cancellationToken);
            case ClaimTrigger.BillPatient:
                var billed = await new PatientBilling(db, clock).BillPatientAsync(claimId, caller, cancellationToken: cancellationToken);
                return new TransitionResult(billed.Claim, from, billed.Message);
            case ClaimTrigger.Close when claim.State == ClaimState.PatientBilling:
                var closed = await new PatientBilling(db, clock).CloseAsync(claimId, reason, caller, cancellationToken);
                return new TransitionResult(closed.Claim, from, closed.Message);
            case ClaimTrigger.VerificationPassed or ClaimTrigger.VerificationFailed:
                return await VerifyAsync(claimId, trigger, caller, cancellationToken);
            case ClaimTrigger.BillSecondary:
                return await new SecondaryBilling(db, clock).BillAsync(claimId, caller, expectedVersion, cancellationToken);
            default:
                return await FireVerbAsync(claimId, trigger, reason, caller, cancellationToken);
        }
    }

    /// <summary>
    /// Verification is the scrubber's: whoever asks, the scrubber decides pass or fail. This is how a claim found in
    /// Verification (e.g. from before coding completion verified at once) is moved on.
    /// </summary>
    private async Task<TransitionResult> VerifyAsync(Guid claimId, ClaimTrigger trigger, Caller caller, CancellationToken ct)
    {
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstAsync(c => c.Id == claimId, ct);
        if (claim.State != ClaimState.Verification) throw new InvalidTransitionException(claimId, claim.State, trigger);
        if (caller.Actor.Role is not (ClaimRole.Scrubber or ClaimRole.Coder or ClaimRole.Biller)) throw new TriggerForbiddenException(claimId, claim.State, trigger, caller.Actor.Role);
        var inputs = await StoredClaimInputs.LoadAsync(db, [claim], cancellationToken: ct);
        var result = new ClaimVerifier(scrubber, clock).Verify(claim, inputs.For(claim), inputs.Duplicates);
        await db.SaveChangesAsync(ct);
        return new TransitionResult(claim, ClaimState.Verification, result.HasErrors
            ? $"Verification failed ({string.Join(", ", result.ErrorIds)}): back to coding."
            : "Verification passed: ready to submit.");
    }

    private async Task<TransitionResult> FireVerbAsync(Guid claimId, ClaimTrigger trigger, string? reason, Caller caller, CancellationToken ct)
    {
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstAsync(c => c.Id == claimId, ct);
        var from = claim.State;
        var now = clock.GetUtcNow();
        var actor = caller.Actor;
        switch (trigger)
        {
            case ClaimTrigger.Accept: claim.Accept(actor, now); break;
            case ClaimTrigger.Reject: claim.Reject(actor, reason, now); break;
            case ClaimTrigger.Pay: claim.Pay(actor, now); break;
            case ClaimTrigger.PayPartially: claim.PayPartially(actor, reason, now); break;
            case ClaimTrigger.Deny: claim.Deny(actor, reason, now); break;
            case ClaimTrigger.Correct: claim.Correct(actor, reason, now); break;
            case ClaimTrigger.Appeal: claim.Appeal(actor, reason ?? "", now); break;
            case ClaimTrigger.Close: claim.Close(actor, reason, now); break;
            case ClaimTrigger.Void: claim.Void(actor, reason ?? "", now); break;
            case ClaimTrigger.Reverse: claim.Reverse(actor, reason ?? "", now); break;
            case ClaimTrigger.AppealUpheld: claim.AppealUpheld(actor, reason ?? "", now); break;
            default: throw new InvalidTransitionException(claimId, from, trigger);
        }
        await db.SaveChangesAsync(ct);
        return new TransitionResult(claim, from, $"{ClaimStates.Words(from)} → {ClaimStates.Words(claim.State)} ({ClaimStates.Words(trigger)}).");
    }

    private async Task<TransitionResult> SubmitAsync(Claim claim, Caller caller, CancellationToken ct)
    {
        EnsureRole(claim, ClaimTrigger.Submit, caller);
        if (submissions is null) throw new InvalidOperationException("Submitting a claim needs the submission use case (settings and mailbox).");
        var run = await submissions.CreateBatchesAsync(new SubmissionFilter(ClaimId: claim.Id), caller, ct);
        if (run.Batch is null)
            throw new DomainValidationException(run.Excluded.Count == 0 ? "The claim was not ready to submit." : "The 837P cannot carry this claim: " + string.Join("; ", run.Excluded.Select(i => $"{i.Location}: {i.Message}")));
        var message = $"Ready to submit → Submitted: sent in batch {run.Batch.InterchangeControlNumber} ({run.Batch.FileName}).";
        if (run.SendError is not null) message = $"Ready to submit → Submitted in batch {run.Batch.InterchangeControlNumber}, but {run.SendError}";
        return await ReloadAsync(claim.Id, claim.State, message, ct);
    }

    /// <summary>Refuses, before anything is read or written, a trigger the state or the role does not permit.</summary>
    private static void EnsureRole(Claim claim, ClaimTrigger trigger, Caller caller)
    {
        var transition = ClaimWorkflow.Find(claim.State, trigger) ?? throw new InvalidTransitionException(claim.Id, claim.State, trigger);
        if (transition.Role != caller.Actor.Role) throw new TriggerForbiddenException(claim.Id, claim.State, trigger, caller.Actor.Role);
    }

    private static TransitionResult Moved(WorkbenchResult result, ClaimState from) => new(result.Claim, from, result.Message);

    private async Task<TransitionResult> ReloadAsync(Guid claimId, ClaimState from, string message, CancellationToken ct)
    {
        var claim = await db.Claims.AsNoTracking().Include(c => c.History.OrderBy(e => e.Id)).FirstAsync(c => c.Id == claimId, ct);
        return new TransitionResult(claim, from, message);
    }
}

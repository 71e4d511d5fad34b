using Claims.Domain;

namespace Claims.Scrubbing;

/// <summary>
/// The Verification step of the workflow: scrubs a claim and fires VerificationPassed (no error) or
/// VerificationFailed (reason = the error ids) as the system scrubber. Warnings never block.
/// </summary>
public sealed class ClaimVerifier(Scrubber scrubber, TimeProvider time)
{
    public static Actor Actor { get; } = Actor.System(ClaimRole.Scrubber);

    /// <summary>The history's words for a self-pay claim that passed: it waits in ReadyToSubmit for Bill patient, not an 837P.</summary>
    public const string SelfPayReason = "Self-pay: ready for a patient statement (payer edits skipped).";

    public ScrubResult Verify(Claim claim, ScrubClaim input, DuplicateIndex? others = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        var result = scrubber.Scrub(input, DateOnly.FromDateTime(now.UtcDateTime), others);
        if (result.HasErrors) claim.FailVerification(Actor, string.Join(", ", result.ErrorIds), now);
        else claim.PassVerification(Actor, now, input.SelfPay ? SelfPayReason : null);
        return result;
    }
}

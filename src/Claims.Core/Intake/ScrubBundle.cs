using Claims.Scrubbing;

namespace Claims.Intake;

/// <summary>
/// What a bundle gives the scrubber: one <see cref="ScrubClaim"/> per FHIR Claim (use = claim), in bundle order,
/// and the problems that kept the bundle from being read. <see cref="Claims"/> is empty when any issue is an error.
/// </summary>
public sealed record ScrubBundle(IReadOnlyList<ScrubClaim> Claims, IReadOnlyList<IntakeIssue> Issues)
{
    public bool IsReadable => !Issues.Any(i => i.IsError);
}

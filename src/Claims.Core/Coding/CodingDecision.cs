namespace Claims.Coding;

/// <summary>
/// A coder's verdict on one suggested code for a claim, with the evidence it was shown. Kept for coder QA and to
/// measure the suggestion engine against what coders actually chose; never updated, a change of mind is a new row.
/// </summary>
public sealed class CodingDecision
{
    private CodingDecision() { } // EF Core

    public CodingDecision(Guid claimId, CodeSystemKind system, string code, CodingVerdict verdict, string? evidence, double? score, string actorId, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 10) throw new DomainValidationException("A code has 1 to 10 characters.");
        ClaimId = claimId;
        System = system;
        Code = code.Trim().ToUpperInvariant();
        Verdict = verdict;
        Evidence = evidence is { Length: > 500 } ? evidence[..500] : evidence;
        Score = score;
        ActorId = actorId;
        At = at;
    }

    public long Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public CodeSystemKind System { get; private set; }

    public string Code { get; private set; } = "";

    public CodingVerdict Verdict { get; private set; }

    /// <summary>Which resource and text the suggestion came from (ids and code-system text, no free text).</summary>
    public string? Evidence { get; private set; }

    public double? Score { get; private set; }

    public string ActorId { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

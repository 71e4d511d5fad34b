namespace Claims.Submission;

/// <summary>
/// The outcome of validating or writing an 837P. When <see cref="Issues"/> is not empty nothing was written.
/// </summary>
public sealed record Professional837Result(IReadOnlyList<X12Issue> Issues, int TransactionSets, int ClaimCount, long Segments)
{
    public bool Succeeded => Issues.Count == 0;

    internal static Professional837Result Failed(IReadOnlyList<X12Issue> issues) => new(issues, 0, 0, 0);
}

namespace Claims.Submission;

/// <summary>
/// The outcome of validating or writing an 837P. When <see cref="Issues"/> is not empty nothing was written.
/// After a write, <see cref="TransactionSets"/> is the number of ST/SE, <see cref="ClaimCount"/> the number of CLM
/// and <see cref="Segments"/> every segment written, ISA to IEA.
/// </summary>
public sealed record Professional837Result(IReadOnlyList<X12Issue> Issues, int TransactionSets, int ClaimCount, long Segments)
{
    public bool Succeeded => Issues.Count == 0;

    internal static Professional837Result Failed(IReadOnlyList<X12Issue> issues) => new(issues, 0, 0, 0);
}

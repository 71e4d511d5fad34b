namespace Claims.Submission;

/// <summary>
/// One reason an 837P was not written. <see cref="Location"/> names the loop and element (e.g. <c>2010AA NM109</c>,
/// <c>2400 SV107</c>, <c>ISA06</c>); <see cref="ClaimControlNumber"/> names the claim when the issue is in one.
/// Messages never repeat a value: names, member ids and birth dates are PHI.
/// </summary>
public sealed record X12Issue(string Code, string? ClaimControlNumber, string Location, string Message)
{
    public override string ToString() => ClaimControlNumber is null ? $"{Location}: {Message}" : $"claim {ClaimControlNumber} {Location}: {Message}";
}

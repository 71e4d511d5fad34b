namespace Claims.Submission;

/// <summary>
/// One professional claim (2300) with the parties it hangs under. <see cref="ControlNumber"/> is CLM01 (at most
/// 20 characters, echoed back in 277CA TRN02 and 835 CLP01); <see cref="FrequencyCode"/> is CLM05-3 (1 original,
/// 7 replacement, 8 void) and 7/8 need <see cref="PayerClaimNumber"/> (REF*F8). Diagnoses are ICD-10-CM codes
/// without the dot, principal first, at most 12 (HI). <see cref="Patient"/> is null when the subscriber is the
/// patient. The total charge (CLM02) is not an input: it is the sum of the lines.
/// </summary>
public sealed record Professional837Claim(
    string ControlNumber,
    string FrequencyCode,
    string PlaceOfService,
    IReadOnlyList<string> Diagnoses,
    IReadOnlyList<Professional837Line> Lines,
    X12BillingProvider BillingProvider,
    X12Subscriber Subscriber,
    X12Payer Payer)
{
    public X12Patient? Patient { get; init; }

    public string? PayerClaimNumber { get; init; }

    public X12ClaimIndicators Indicators { get; init; } = X12ClaimIndicators.Default;

    /// <summary>DTP*431, onset of the current illness or symptom (837P has no claim-level service date; 2400 DTP*472 carries it).</summary>
    public DateOnly? OnsetDate { get; init; }

    public X12RenderingProvider? RenderingProvider { get; init; }

    /// <summary>Payers that adjudicated this claim before (2320/2330): the primary, on a claim sent to the secondary.</summary>
    public IReadOnlyList<X12OtherPayer> OtherPayers { get; init; } = [];
}

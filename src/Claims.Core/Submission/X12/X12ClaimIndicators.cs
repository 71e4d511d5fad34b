namespace Claims.Submission;

/// <summary>
/// CLM06-CLM09: provider signature on file (Y/N), assignment or plan participation (A/B/C), benefits assigned
/// (Y/N/W) and release of information (Y/I). The defaults are those of a participating clinic.
/// </summary>
public sealed record X12ClaimIndicators(bool ProviderSignatureOnFile = true, string Assignment = "A", string BenefitsAssignment = "Y", string ReleaseOfInformation = "Y")
{
    public static X12ClaimIndicators Default { get; } = new();
}

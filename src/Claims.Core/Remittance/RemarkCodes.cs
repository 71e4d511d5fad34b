using Claims.Coding;

namespace Claims.Remittance;

/// <summary>
/// Words for the codes an explanation of benefits shows: CARCs from the shipped table (Coding/Data/carc.tsv.gz, CMS
/// beneficiary-fhir-data, CC0), the CAS group codes, and a small table of the RARCs we meet most. The RARC labels are
/// our own short paraphrases of the X12 RARC list (https://x12.org/codes/remittance-advice-remark-codes), not its text;
/// an unknown code shows as itself, never as a guess.
/// </summary>
public static class RemarkCodes
{
    private static readonly Lazy<CarcCatalog> Carcs = new(() =>
    {
        using var stream = CompactFile.OpenEmbedded("carc.tsv.gz");
        return CarcCatalog.ReadCompact(stream);
    });

    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["CO"] = "Contractual obligation (the provider may not bill the patient)",
        ["PR"] = "Patient responsibility",
        ["OA"] = "Other adjustment",
        ["PI"] = "Payer-initiated reduction",
        ["CR"] = "Correction and reversal",
    };

    private static readonly Dictionary<string, string> Rarcs = new(StringComparer.Ordinal)
    {
        ["M15"] = "Separately billed services or tests were bundled: payment is included in another service.",
        ["M20"] = "Missing or invalid HCPCS code.",
        ["M51"] = "Missing, incomplete or invalid procedure code(s).",
        ["M76"] = "Missing, incomplete or invalid diagnosis or condition.",
        ["M77"] = "Missing, incomplete or invalid place of service.",
        ["M80"] = "Not covered when performed during the same session or date as another service.",
        ["M86"] = "Service denied because payment already made for the same or a similar procedure.",
        ["MA01"] = "If you do not agree with this determination, you may appeal it.",
        ["MA04"] = "Secondary payment cannot be considered without the primary payer's information.",
        ["MA07"] = "The claim was forwarded to the supplemental insurer.",
        ["MA18"] = "The claim was forwarded to the patient's supplemental insurer.",
        ["MA130"] = "The claim is unprocessable: submit a new claim with the complete or correct information (no appeal rights).",
        ["N4"] = "Missing or incomplete prior insurance carrier's explanation of benefits.",
        ["N20"] = "Service not payable with other service rendered on the same date.",
        ["N30"] = "Patient ineligible for this service.",
        ["N56"] = "Procedure code billed is not correct or valid for the services billed or the date of service.",
        ["N115"] = "The decision was based on a local coverage determination.",
        ["N130"] = "Consult plan benefit documents or guidelines for coverage restrictions.",
        ["N290"] = "Missing or invalid rendering provider primary identifier.",
        ["N362"] = "The number of days or units of service exceeds the acceptable maximum.",
        ["N381"] = "Consult the contract or agreement for restrictions, billing and payment information.",
        ["N386"] = "The decision was based on a national coverage determination.",
        ["N432"] = "Adjustment based on a recovery audit.",
        ["N517"] = "Resubmit a new claim with the requested information.",
        ["N657"] = "This should be billed with the appropriate code for these services.",
    };

    /// <summary>The CARC's description, or null when the code is unknown.</summary>
    public static string? Carc(string code) => Carcs.Value.Codes.GetValueOrDefault(code);

    /// <summary>The RARC's short label, or null when it is not in our table.</summary>
    public static string? Rarc(string code) => Rarcs.GetValueOrDefault(code);

    /// <summary>The CAS group's meaning, or null.</summary>
    public static string? Group(string code) => Groups.GetValueOrDefault(code);
}

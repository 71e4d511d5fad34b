using Claims.X12;

namespace Claims.Remittance;

/// <summary>
/// One 835 transaction set (005010X221A1): the payment (BPR), its trace (TRN), payer and payee, the claim
/// payments (CLP loops) and the provider-level adjustments (PLB). Money is <c>long</c> cents throughout.
/// </summary>
public sealed record RemittanceAdvice(
    X12Interchange Interchange,
    X12FunctionalGroup Group,
    string ControlNumber,
    RemittancePayment Payment,
    string? TraceNumber,
    string? TraceOriginatorId,
    DateOnly? ProductionDate,
    RemittanceParty Payer,
    RemittanceParty Payee,
    IReadOnlyList<ClaimPayment> Claims,
    IReadOnlyList<ProviderAdjustment> ProviderAdjustments) : RemittanceDocument(Interchange, Group, ControlNumber);

/// <summary>BPR: BPR01 handling (C payment with advice, H notification only, I remittance only ...), BPR02, BPR03 C/D, BPR04 method (ACH, CHK, NON ...), BPR16 date.</summary>
public sealed record RemittancePayment(string HandlingCode, long AmountCents, string CreditDebit, string Method, DateOnly? Date, int SegmentNumber);

/// <summary>N1*PR (payer) or N1*PE (payee) with N103/N104 and the loop's REFs (payee REF*TJ = TIN, payer REF*2U ...).</summary>
public sealed record RemittanceParty(string? Name, string? IdQualifier, string? Id, IReadOnlyList<QualifiedValue> References)
{
    internal static RemittanceParty Empty { get; } = new(null, null, null, []);

    /// <summary>N104 when N103 = XX (NPI).</summary>
    public string? Npi => IdQualifier == "XX" ? Id : null;

    /// <summary>N104 when N103 = FI, else REF*TJ: the federal tax id.</summary>
    public string? TaxId => IdQualifier == "FI" ? Id : References.FirstOrDefault(r => r.Qualifier == "TJ")?.Value;
}

/// <summary>A CAS adjustment: group (CO, PR, OA, PI), CARC reason, amount in cents and an optional quantity.</summary>
public sealed record Adjustment(string Group, string Reason, long AmountCents, decimal? Quantity);

/// <summary>
/// One CLP loop: CLP01 our claim control number (our CLM01), CLP02 status, CLP03 charge, CLP04 paid, CLP05
/// patient responsibility, CLP06 filing indicator, CLP07 payer claim number, CLP08 facility/POS, CLP09 frequency.
/// </summary>
public sealed record ClaimPayment(
    string ClaimControlNumber,
    string StatusCode,
    long ChargeCents,
    long PaidCents,
    long? PatientResponsibilityCents,
    string? FilingIndicator,
    string? PayerClaimNumber,
    string? FacilityCode,
    string? FrequencyCode,
    IReadOnlyList<Adjustment> Adjustments,
    IReadOnlyList<EntityName> Names,
    IReadOnlyList<string> RemarkCodes,
    DateOnly? StatementFrom,
    DateOnly? StatementTo,
    DateOnly? ReceivedDate,
    DateOnly? CoverageExpirationDate,
    IReadOnlyList<QualifiedAmount> Amounts,
    IReadOnlyList<QualifiedValue> References,
    IReadOnlyList<ServicePayment> Lines,
    int SegmentNumber)
{
    /// <summary>CLP02 in words, per the X12 code list.</summary>
    public string StatusText => ClaimStatusCodes.Describe(StatusCode);

    /// <summary>CLP02 = 22: a reversal of an earlier payment (amounts negated).</summary>
    public bool IsReversal => StatusCode == "22";

    /// <summary>The NM1 with entity code <paramref name="entityCode"/> (QC patient, IL insured, 74 corrected, 82 rendering).</summary>
    public EntityName? Name(string entityCode) => Names.FirstOrDefault(n => n.EntityCode == entityCode);
}

/// <summary>A procedure composite (SVC01/SVC06): qualifier (HC, AD, ER, N4, NU ...), code, up to four modifiers, description.</summary>
public sealed record ServiceCode(string Qualifier, string Code, IReadOnlyList<string> Modifiers, string? Description)
{
    internal static ServiceCode? From(X12Segment segment, int position)
    {
        var rest = segment.Span(position);
        if (rest.IsEmpty) return null;
        // C003: 01 qualifier, 02 code, 03-06 modifiers, 07 description (08 product id: not used here).
        var separator = segment.Separators.Component;
        string qualifier = "", code = "";
        string? description = null;
        List<string>? modifiers = null;
        for (var component = 1; component <= 7; component++)
        {
            var cut = rest.IndexOf(separator);
            var part = cut < 0 ? rest : rest[..cut];
            if (!part.IsEmpty)
            {
                switch (component)
                {
                    case 1: qualifier = part.ToString(); break;
                    case 2: code = part.ToString(); break;
                    case 7: description = part.ToString(); break;
                    default: (modifiers ??= new List<string>(2)).Add(part.ToString()); break;
                }
            }
            if (cut < 0) break;
            rest = rest[(cut + 1)..];
        }
        if (qualifier.Length == 0 || code.Length == 0)
            throw segment.Error($"expected {segment.Name(position)} to be a composite qualifier{separator}code");
        return new ServiceCode(qualifier, code, modifiers is null ? [] : modifiers, description);
    }
}

/// <summary>
/// One SVC loop. SVC02/SVC03 are required by the TR3 but some companion-guide samples leave them out, so they
/// are nullable here and balancing reports such a line instead of the reader refusing the whole 835.
/// </summary>
public sealed record ServicePayment(
    ServiceCode Procedure,
    long? ChargeCents,
    long? PaidCents,
    string? RevenueCode,
    decimal? Units,
    ServiceCode? OriginalProcedure,
    decimal? OriginalUnits,
    DateOnly? ServiceDate,
    DateOnly? ServiceFrom,
    DateOnly? ServiceTo,
    IReadOnlyList<Adjustment> Adjustments,
    long? AllowedCents,
    IReadOnlyList<QualifiedAmount> Amounts,
    IReadOnlyList<string> RemarkCodes,
    string? LineControlNumber,
    IReadOnlyList<QualifiedValue> References,
    int SegmentNumber);

/// <summary>PLB: provider id, fiscal period date, and up to six adjustment items.</summary>
public sealed record ProviderAdjustment(string ProviderId, DateOnly FiscalPeriodDate, IReadOnlyList<ProviderAdjustmentItem> Items, int SegmentNumber);

/// <summary>A PLB adjustment identifier (reason code, e.g. WO, 72, FB, L6, and the optional reference) and amount.
/// A positive amount reduces the payment; interest (L6) is negative.</summary>
public sealed record ProviderAdjustmentItem(string Reason, string? Reference, long AmountCents);

/// <summary>CLP02 claim status codes (X12 code list for data element 1029).</summary>
public static class ClaimStatusCodes
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["1"] = "Processed as Primary",
        ["2"] = "Processed as Secondary",
        ["3"] = "Processed as Tertiary",
        ["4"] = "Denied",
        ["19"] = "Processed as Primary, Forwarded to Additional Payer(s)",
        ["20"] = "Processed as Secondary, Forwarded to Additional Payer(s)",
        ["21"] = "Processed as Tertiary, Forwarded to Additional Payer(s)",
        ["22"] = "Reversal of Previous Payment",
        ["23"] = "Not Our Claim, Forwarded to Additional Payer(s)",
        ["25"] = "Predetermination Pricing Only - No Payment",
    };

    /// <summary>The codes 005010X221A1 allows in CLP02.</summary>
    public static IReadOnlyCollection<string> Codes => Texts.Keys;

    public static bool IsValid(string code) => Texts.ContainsKey(code);

    public static string Describe(string code) => Texts.TryGetValue(code, out var text) ? text : "Unknown status " + code;
}

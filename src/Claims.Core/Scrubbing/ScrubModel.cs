using Claims.Domain;

namespace Claims.Scrubbing;

/// <summary>Error blocks submission; warning informs the coder.</summary>
public enum ScrubSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One edit finding: a stable id (e.g. <c>NCCI-PTP</c>), a severity, a message a coder understands, where on the
/// claim (claim, diagnosis N, line N) and the rule's source. An expected outcome, never an exception.
/// </summary>
public sealed record ScrubFinding(string Edit, ScrubSeverity Severity, string Message, string Location, string Source);

/// <summary>
/// A claim as the scrubber reads it: plain values, raw code strings (a bundle's codes may be malformed, and
/// finding that is the scrubber's job), the patient's sex and age data, the payer, coverage period and
/// subscriber-id presence. Built from a stored <see cref="Claim"/> (<see cref="ScrubInputs.FromClaim"/>) or
/// from a parsed FHIR bundle.
/// </summary>
public sealed record ScrubClaim
{
    public required string ClaimId { get; init; }

    /// <summary>Pseudonymous patient key for duplicate detection (never a name).</summary>
    public string? PatientKey { get; init; }

    public AdministrativeSex Sex { get; init; }

    /// <summary>Full birth date when known; otherwise <see cref="BirthYear"/> gives an age range.</summary>
    public DateOnly? BirthDate { get; init; }

    public int? BirthYear { get; init; }

    public string? PayerId { get; init; }

    /// <summary>The payer's timely filing limit in days (default 365, Medicare's 12 months).</summary>
    public int? TimelyFilingDays { get; init; }

    public bool HasSubscriberId { get; init; }

    /// <summary>Whether a coverage was given at all; the period is only checked then.</summary>
    public bool HasCoverage { get; init; }

    public DateOnly? CoverageStart { get; init; }

    public DateOnly? CoverageEnd { get; init; }

    public string? BillingProviderNpi { get; init; }

    public string? RenderingProviderNpi { get; init; }

    public DateOnly? ServiceFrom { get; init; }

    public DateOnly? ServiceTo { get; init; }

    public string? PlaceOfService { get; init; }

    /// <summary>The claim's stated total (CLM02 / Claim.total); null when the source states none.</summary>
    public decimal? TotalCharge { get; init; }

    /// <summary>ICD-10-CM codes in order; the first is the principal diagnosis (pointer 1).</summary>
    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    public IReadOnlyList<ScrubLine> Lines { get; init; } = [];
}

/// <summary>A service line as the scrubber reads it.</summary>
public sealed record ScrubLine(int Number, string Code, IReadOnlyList<string> Modifiers, int Units, decimal Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly? ServiceDate);

/// <summary>The result of scrubbing one claim.</summary>
public sealed record ScrubResult(string ClaimId, IReadOnlyList<ScrubFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == ScrubSeverity.Error);

    /// <summary>The distinct error ids, in the order found (the VerificationFailed reason).</summary>
    public IReadOnlyList<string> ErrorIds => Findings.Where(f => f.Severity == ScrubSeverity.Error).Select(f => f.Edit).Distinct().ToArray();
}

/// <summary>Builds <see cref="ScrubClaim"/>s from stored claims.</summary>
public static class ScrubInputs
{
    /// <summary>
    /// A stored claim with its patient, payer and coverage. The subscriber id is PHI that is stored encrypted
    /// elsewhere, so the caller says whether one is on file.
    /// </summary>
    public static ScrubClaim FromClaim(Claim claim, Patient? patient, Payer? payer, Coverage? coverage, bool hasSubscriberId)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new ScrubClaim
        {
            ClaimId = claim.ControlNumber.Value,
            PatientKey = claim.PatientId.ToString(),
            Sex = patient?.Sex ?? AdministrativeSex.Unknown,
            BirthYear = patient?.BirthYear,
            PayerId = payer?.PayerId,
            TimelyFilingDays = payer?.TimelyFilingDays,
            HasSubscriberId = hasSubscriberId,
            HasCoverage = coverage is not null,
            CoverageStart = coverage?.Start,
            CoverageEnd = coverage?.End,
            BillingProviderNpi = claim.BillingProviderNpi.Value,
            RenderingProviderNpi = claim.RenderingProviderNpi?.Value,
            ServiceFrom = claim.ServiceFrom,
            ServiceTo = claim.ServiceTo,
            PlaceOfService = claim.PlaceOfService.Code,
            TotalCharge = claim.TotalCharge.Amount,
            Diagnoses = claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Value).ToArray(),
            Lines = claim.Lines.Select(l => new ScrubLine(l.LineNumber, l.Code.Value, l.Modifiers.Select(m => m.Value).ToArray(), l.Units, l.Charge.Amount, l.DiagnosisPointers, l.ServiceDate)).ToArray(),
        };
    }
}

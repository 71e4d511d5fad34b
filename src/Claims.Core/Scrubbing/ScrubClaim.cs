using Claims.Domain;

namespace Claims.Scrubbing;

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

    /// <summary>
    /// No payer on purpose (no coverage, or self-pay coverage): the claim goes on a patient statement, not an 837P, so
    /// the payer edits (payer, subscriber id, eligibility, the payer's filing limit) do not apply. Without this a
    /// self-pay claim failed "no payer" at every verification and went round Coding and Verification for ever.
    /// </summary>
    public bool SelfPay { get; init; }

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

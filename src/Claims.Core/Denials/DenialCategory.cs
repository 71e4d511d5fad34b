namespace Claims.Denials;

/// <summary>Why a payer refused an amount, as the denial rules table groups the adjustment reason codes.</summary>
public enum DenialCategory
{
    Eligibility,
    Authorization,
    Coding,
    MedicalNecessity,
    Bundling,
    Duplicate,
    TimelyFiling,
    CoordinationOfBenefits,
    Contractual,
    PatientResponsibility,
    MissingInformation,

    /// <summary>No rule covers the code: a biller reads it and decides (and an admin may add a rule).</summary>
    Unclassified,
}

namespace Claims.Domain;

/// <summary>Who acts on a claim. Scrubber and Payer are system actors (the edit engine; 999/277CA/835 files).</summary>
public enum ClaimRole
{
    Coder,
    Clinic,
    Biller,
    Auditor,
    Admin,
    Scrubber,
    Payer,

    /// <summary>A team lead acting as QA reviewer; fires no workflow trigger.</summary>
    Lead,

    /// <summary>The BPO's manager; fires no workflow trigger.</summary>
    Manager,
}

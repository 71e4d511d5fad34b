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
}

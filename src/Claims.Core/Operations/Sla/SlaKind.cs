namespace Claims.Operations.Sla;

/// <summary>The service levels a contract sets, each a clock on a claim.</summary>
public enum SlaKind
{
    /// <summary>Receipt to coded and verified, in business hours.</summary>
    Coding,

    /// <summary>Date of service to submission, in calendar days.</summary>
    Submission,

    /// <summary>A rejection to the corrected claim's resubmission, in business hours.</summary>
    RejectionFix,

    /// <summary>A denial to a biller's first act on it (correct, appeal, close or void), in calendar days.</summary>
    DenialWork,
}

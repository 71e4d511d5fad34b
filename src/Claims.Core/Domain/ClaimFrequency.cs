namespace Claims.Domain;

/// <summary>The X12 claim frequency type code (CLM05-3).</summary>
public enum ClaimFrequency
{
    /// <summary>1: an original claim.</summary>
    Original = 1,

    /// <summary>7: a replacement of a prior claim (needs the payer claim number, REF*F8).</summary>
    Replacement = 7,

    /// <summary>8: a void/cancel of a prior claim.</summary>
    Void = 8,
}

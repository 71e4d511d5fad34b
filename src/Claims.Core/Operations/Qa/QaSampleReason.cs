namespace Claims.Operations.Qa;

/// <summary>Why a claim was drawn for QA review.</summary>
public enum QaSampleReason
{
    /// <summary>The weekly random share of the coder's claims.</summary>
    Random,

    /// <summary>Every claim of a coder still proving their accuracy.</summary>
    NewCoder,

    /// <summary>The claim was denied for a coding reason (a targeted CARC).</summary>
    Targeted,
}

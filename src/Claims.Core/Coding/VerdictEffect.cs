namespace Claims.Coding;

/// <summary>What accepting or rejecting a suggestion did to the claim.</summary>
public enum VerdictEffect
{
    /// <summary>Recorded only (a rejection, or the claim is no longer being coded, or the code is already there).</summary>
    RecordedOnly,

    /// <summary>The ICD-10-CM code joined the claim's diagnoses, last.</summary>
    DiagnosisAdded,

    /// <summary>The CPT/HCPCS code became a new service line (one unit, the source's charge, pointing at diagnosis 1).</summary>
    LineAdded,
}

namespace Claims.Domain;

/// <summary>Where a claim is in its life. Stored as its name; only the workflow changes it.</summary>
public enum ClaimState
{
    Received,
    Coding,
    OnHold,
    Verification,
    ReadyToSubmit,
    Submitted,
    Rejected,
    Accepted,
    Paid,
    PartiallyPaid,
    Denied,
    Appealed,
    Closed,
    Voided,

    /// <summary>Billed to the patient: a self-pay claim, or a payer's denial the patient owes; patient statements and payments follow.</summary>
    PatientBilling,
}

namespace Claims.Domain;

/// <summary>What can happen to a claim. Each trigger is fired by one role (see <see cref="ClaimWorkflow"/>).</summary>
public enum ClaimTrigger
{
    StartCoding,
    Release,
    QueryProvider,
    ProviderAnswered,
    CompleteCoding,
    VerificationPassed,
    VerificationFailed,
    Submit,
    Reject,
    Accept,
    Pay,
    PayPartially,
    Deny,
    Correct,
    Appeal,
    Close,
    Void,

    /// <summary>An 835 reversal (CLP02 = 22) takes back the payer's decision: the claim is adjudicable again.</summary>
    Reverse,

    /// <summary>After the primary adjudicated, the claim goes to the patient's secondary payer with the primary's payment and adjustments (COB).</summary>
    BillSecondary,
    /// <summary>The biller moves the open amount to the patient (self-pay, or a denial the patient owes): statements follow.</summary>
    BillPatient,
    /// <summary>The payer upheld its denial on appeal: the claim is Denied again, for the next appeal level or a write-off.</summary>
    AppealUpheld,
}

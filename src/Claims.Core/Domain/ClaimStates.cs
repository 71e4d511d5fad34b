using System.Text;

namespace Claims.Domain;

/// <summary>States and triggers in words for people ("Ready to submit", "Start coding"), from their names.</summary>
public static class ClaimStates
{
    public static string Words(ClaimState state) => state switch
    {
        ClaimState.OnHold => "On hold",
        ClaimState.PatientBilling => "Billed to the patient",
        _ => Spaced(state.ToString()),
    };

    /// <summary>
    /// A trigger as the act people know: the button's label, and what happened in a claim's history ("Start coding",
    /// "Coding complete", "Verification failed"). Each trigger is named here; a new one falls back to its spaced name.
    /// </summary>
    public static string Words(ClaimTrigger trigger) => trigger switch
    {
        ClaimTrigger.StartCoding => "Start coding",
        ClaimTrigger.Release => "Release to the queue",
        ClaimTrigger.QueryProvider => "Ask the clinic",
        ClaimTrigger.ProviderAnswered => "Clinic answered",
        ClaimTrigger.CompleteCoding => "Coding complete",
        ClaimTrigger.VerificationPassed => "Verification passed",
        ClaimTrigger.VerificationFailed => "Verification failed",
        ClaimTrigger.Submit => "Submit",
        ClaimTrigger.Reject => "Rejected by the payer",
        ClaimTrigger.Accept => "Accepted by the payer",
        ClaimTrigger.Pay => "Paid",
        ClaimTrigger.PayPartially => "Partially paid",
        ClaimTrigger.Deny => "Denied",
        ClaimTrigger.Correct => "Correct and resubmit",
        ClaimTrigger.BillPatient => "Bill patient",
        ClaimTrigger.Appeal => "Appeal",
        ClaimTrigger.Close => "Close",
        ClaimTrigger.Void => "Void",
        ClaimTrigger.Reverse => "Payment reversed",
        _ => Spaced(trigger.ToString()),
    };

    /// <summary>"ReadyToSubmit" -> "Ready to submit".</summary>
    private static string Spaced(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                text.Append(name[i]);
            }
        }
        return text.ToString();
    }
}

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

    public static string Words(ClaimTrigger trigger) => trigger switch
    {
        ClaimTrigger.QueryProvider => "Ask the clinic",
        ClaimTrigger.ProviderAnswered => "Clinic answered",
        ClaimTrigger.Release => "Release to the queue",
        ClaimTrigger.Correct => "Correct and resubmit",
        ClaimTrigger.BillPatient => "Bill patient",
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

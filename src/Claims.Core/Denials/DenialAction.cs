namespace Claims.Denials;

/// <summary>What a biller does next with a denial, as the rules table routes it.</summary>
public enum DenialAction
{
    CorrectAndResubmit,
    Appeal,
    WriteOff,
    BillPatient,
    BillSecondary,
    NoAction,

    /// <summary>No rule covers the code (or no remittance is on file): read it and decide.</summary>
    Review,
}

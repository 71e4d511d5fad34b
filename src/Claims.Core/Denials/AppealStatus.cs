namespace Claims.Denials;

/// <summary>An appeal's life: written, sent to the payer, decided by the payer.</summary>
public enum AppealStatus
{
    Drafted,
    Sent,
    Decided,
}

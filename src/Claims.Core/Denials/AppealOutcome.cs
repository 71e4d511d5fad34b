namespace Claims.Denials;

/// <summary>The payer's answer to an appeal.</summary>
public enum AppealOutcome
{
    /// <summary>The denial was reversed; the payer's next 835 pays the claim.</summary>
    Overturned,

    /// <summary>The denial stands; the next level may be appealed by its deadline.</summary>
    Upheld,
}

namespace Claims.Denials;

/// <summary>Categories and actions in a biller's words, for pages, the CLI and the letters.</summary>
public static class DenialWords
{
    public static string Of(DenialCategory category) => category switch
    {
        DenialCategory.MedicalNecessity => "Medical necessity",
        DenialCategory.Bundling => "Bundling / NCCI",
        DenialCategory.TimelyFiling => "Timely filing",
        DenialCategory.CoordinationOfBenefits => "Coordination of benefits",
        DenialCategory.PatientResponsibility => "Patient responsibility",
        DenialCategory.MissingInformation => "Missing information",
        _ => category.ToString(),
    };

    public static string Of(DenialAction action) => action switch
    {
        DenialAction.CorrectAndResubmit => "Correct and resubmit",
        DenialAction.WriteOff => "Write off",
        DenialAction.BillPatient => "Bill patient",
        DenialAction.BillSecondary => "Bill secondary",
        DenialAction.NoAction => "No action",
        _ => action.ToString(),
    };

    /// <summary>The Medicare appeal levels' names (level 1 redetermination ...); other payers' levels are numbered.</summary>
    public static string AppealLevel(int level, bool medicare) => medicare
        ? level switch
        {
            1 => "Redetermination",
            2 => "Reconsideration",
            3 => "Administrative law judge hearing",
            4 => "Medicare Appeals Council review",
            _ => "Judicial review",
        }
        : $"Level {level} appeal";
}

namespace Claims.Operations.Reports;

/// <summary>
/// A small built-in CARC → denial category map for the monthly report. REPLACE with the denials rules table (the
/// denials work's Denials/ rules, per payer and client) once it is merged: that table is the one source of truth for
/// what a denial is and how it is worked. Categories follow common denial-management groupings; unknown codes fall
/// in "Other".
/// </summary>
public static class CarcCategories
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.Ordinal)
    {
        ["16"] = "Missing or invalid information",
        ["252"] = "Missing or invalid information",
        ["18"] = "Duplicate",
        ["29"] = "Timely filing",
        ["50"] = "Medical necessity",
        ["55"] = "Medical necessity",
        ["96"] = "Non-covered service",
        ["204"] = "Non-covered service",
        ["97"] = "Bundling (NCCI)",
        ["236"] = "Bundling (NCCI)",
        ["197"] = "Authorization",
        ["15"] = "Authorization",
        ["22"] = "Coordination of benefits",
        ["23"] = "Coordination of benefits",
        ["27"] = "Eligibility",
        ["31"] = "Eligibility",
        ["109"] = "Eligibility",
        ["4"] = "Coding (modifier)",
        ["11"] = "Coding (diagnosis)",
        ["151"] = "Frequency or units",
        ["119"] = "Frequency or units",
    };

    /// <summary>The category of a CARC, or "Other".</summary>
    public static string Of(string? carc) => carc is not null && Map.TryGetValue(carc, out var category) ? category : "Other";
}

namespace Claims.Coding;

/// <summary>One ICD-10-CM code or header from the order file.</summary>
public sealed record Icd10CmEntry(string Code, bool Billable, string Description)
{
    /// <summary>The code with its dot after the third character.</summary>
    public string Display => Code.Length > 3 ? $"{Code[..3]}.{Code[3..]}" : Code;
}

namespace Claims.Submission;

/// <summary>The issue codes the 837P validation uses.</summary>
public static class X12IssueCodes
{
    public const string Required = "required";
    public const string Invalid = "invalid";
    public const string Length = "length";
    public const string Delimiter = "delimiter";
    public const string Characters = "characters";
    public const string TooMany = "too-many";
    public const string CheckDigit = "check-digit";
    public const string Duplicate = "duplicate";
    public const string NotAllowed = "not-allowed";
}

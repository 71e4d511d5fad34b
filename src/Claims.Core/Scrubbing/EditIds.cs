namespace Claims.Scrubbing;

/// <summary>The stable edit ids. Coders, payers' denials and the reports refer to them; never rename one.</summary>
public static class EditIds
{
    public const string IcdInvalid = "ICD-INVALID";
    public const string IcdHeader = "ICD-HEADER";
    public const string IcdSex = "ICD-SEX";
    public const string IcdAge = "ICD-AGE";
    public const string IcdExcludes1 = "ICD-EXCLUDES1";
    public const string IcdRedundant = "ICD-REDUNDANT";
    public const string ProcInvalid = "PROC-INVALID";
    public const string ModInvalid = "MOD-INVALID";
    public const string DxPointer = "DX-POINTER";
    public const string NcciPtp = "NCCI-PTP";
    public const string Mue = "MUE";
    public const string NpiInvalid = "NPI-INVALID";
    public const string MissingField = "MISSING-FIELD";
    public const string ChargeMismatch = "CHARGE-MISMATCH";
    public const string ChargeMissing = "CHARGE-MISSING";
    public const string EligInactive = "ELIG-INACTIVE";
    public const string TimelyFiling = "TIMELY-FILING";
    public const string Duplicate = "DUPLICATE";

    public static IReadOnlyList<string> All { get; } =
    [
        IcdInvalid, IcdHeader, IcdSex, IcdAge, IcdExcludes1, IcdRedundant, ProcInvalid, ModInvalid, DxPointer, NcciPtp, Mue,
        NpiInvalid, MissingField, ChargeMismatch, ChargeMissing, EligInactive, TimelyFiling, Duplicate,
    ];
}

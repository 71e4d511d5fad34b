namespace Claims.Coding;

/// <summary>One NCCI procedure-to-procedure edit: column 2 is denied when billed with column 1 on one date.</summary>
public sealed record PtpEdit(string Column1, string Column2, bool PriorTo1996, DateOnly Effective, DateOnly? Deleted, int ModifierIndicator, string Rationale)
{
    public bool ActiveOn(DateOnly date) => date >= Effective && (Deleted is null || date <= Deleted);
}

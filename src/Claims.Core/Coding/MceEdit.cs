namespace Claims.Coding;

/// <summary>The Medicare Code Editor's diagnosis edits used by the scrubber: sex- and age-specific codes.</summary>
[Flags]
public enum MceEdit
{
    None = 0,
    NewbornOnly = 1,
    PediatricOnly = 2,
    MaternityOnly = 4,
    AdultOnly = 8,
    FemaleOnly = 16,
    MaleOnly = 32,
}

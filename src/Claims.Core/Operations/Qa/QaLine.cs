namespace Claims.Operations.Qa;

/// <summary>A procedure as QA compares it: its CPT/HCPCS code, modifiers (sorted) and units.</summary>
public sealed record QaLine(string Procedure, IReadOnlyList<string> Modifiers, int Units)
{
    /// <summary>"96372-25x2": the code, its modifiers, and the units.</summary>
    public override string ToString() =>
        Procedure + string.Concat(Modifiers.Select(m => "-" + m)) + "x" + Units.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

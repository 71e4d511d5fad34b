namespace Claims.X12;

/// <summary>
/// One ST..SE transaction set with its envelope: the unit the readers work on, so a large file is held one
/// transaction at a time. <see cref="Segments"/> runs from ST to SE inclusive.
/// </summary>
public sealed record X12Transaction(
    X12Interchange Interchange,
    X12FunctionalGroup Group,
    IReadOnlyList<X12Segment> Segments)
{
    /// <summary>ST01: 835, 277, 999 ...</summary>
    public string Code => Segments[0].Element(1);

    /// <summary>ST02, echoed by SE02 and by a 999's AK2.</summary>
    public string ControlNumber => Segments[0].Element(2);

    /// <summary>ST03 when sent, else GS08: the implementation guide, e.g. 005010X221A1.</summary>
    public string ImplementationGuide => Segments[0].Optional(3) ?? Group.Version;

    public X12Segment Header => Segments[0];
}

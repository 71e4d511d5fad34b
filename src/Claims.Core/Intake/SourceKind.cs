
namespace Claims.Intake;

/// <summary>What a source key identifies.</summary>
public enum SourceKind
{
    Patient,
    Encounter,
    Bundle,
}


namespace Claims.Intake;

/// <summary>What a piece of clinical context is.</summary>
public enum ClinicalKind
{
    EncounterType,
    Condition,
    Procedure,
    ClaimItem,
}

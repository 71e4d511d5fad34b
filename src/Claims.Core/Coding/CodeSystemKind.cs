namespace Claims.Coding;

/// <summary>A code system a coder searches or is offered suggestions from.</summary>
public enum CodeSystemKind
{
    Icd10Cm,
    Hcpcs,
    Cpt,
}

namespace Claims.Intake;

/// <summary>How bad an intake issue is: an error rejects the whole bundle, a warning or information does not.</summary>
public enum IntakeSeverity
{
    Error,
    Warning,
    Information,
}

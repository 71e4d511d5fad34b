namespace Claims.Security;

/// <summary>The outcome of a KEK rotation: the new primary KEK and how many data keys it now wraps.</summary>
public sealed record KeyRotationResult(string NewKekId, int Rewrapped, int Destroyed);

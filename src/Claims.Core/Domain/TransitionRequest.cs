namespace Claims.Domain;

/// <summary>What a trigger carries into the machine: who fires it, why, and when.</summary>
public sealed record TransitionRequest(Actor Actor, string? Reason, DateTimeOffset At);

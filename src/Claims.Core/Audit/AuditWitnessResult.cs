
namespace Claims.Audit;

/// <summary>The comparison's outcome, with a sentence for people.</summary>
public sealed record AuditWitnessResult(AuditWitnessState State, string Message, long? WitnessSequence, long? DatabaseSequence, int Lines)
{
    public bool IsFailure => State is AuditWitnessState.Ahead or AuditWitnessState.Diverged or AuditWitnessState.Behind;

    public bool IsWarning => State is AuditWitnessState.LagsByOne or AuditWitnessState.Missing;
}

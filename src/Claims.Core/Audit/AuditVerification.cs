
namespace Claims.Audit;

/// <summary>The outcome of a verification: how many entries, the last good checkpoint, and the first problem, if any.</summary>
public sealed record AuditVerification(long Entries, string HeadHash, AuditCheckpoint? LastCheckpoint, int CheckpointsVerified, AuditProblem? Problem)
{
    public bool Intact => Problem is null;
}

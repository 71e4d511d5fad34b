namespace Claims.Audit;

public enum AuditOutcome
{
    Success,
    Failure,
}

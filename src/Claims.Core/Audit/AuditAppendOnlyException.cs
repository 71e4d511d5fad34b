
namespace Claims.Audit;

/// <summary>Somebody tried to change or delete an audit row through the application.</summary>
public sealed class AuditAppendOnlyException(string message) : ClaimsDomainException(message)
{
    public override string Code => "audit-append-only";
}

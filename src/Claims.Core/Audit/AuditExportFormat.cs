
namespace Claims.Audit;

public enum AuditExportFormat
{
    Csv,
    Ndjson,
    Fhir,
}

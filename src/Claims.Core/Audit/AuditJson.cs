using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claims.Audit;

/// <summary>The JSON shape of an entry in NDJSON exports and inside FHIR AuditEvents (camelCase, enums as names).</summary>
internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}

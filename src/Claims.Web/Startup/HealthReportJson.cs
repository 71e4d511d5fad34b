using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claims.Web.Startup;

/// <summary>/healthz's body: the overall status and each check's (database, job engine), for a load balancer and a person alike.</summary>
internal static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

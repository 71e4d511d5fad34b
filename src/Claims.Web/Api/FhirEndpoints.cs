using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Claims.Audit;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.Submission;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using FhirBundle = Hl7.Fhir.Model.Bundle;

namespace Claims.Web.Api;

/// <summary>
/// The clinics' FHIR API, authenticated by a clinic API key (<c>Authorization: Bearer clk_...</c> or <c>X-Api-Key</c>):
/// <c>POST /fhir</c> takes a Bundle and answers a batch-response Bundle with <c>Claim/{id}</c> locations or an
/// OperationOutcome; <c>GET /fhir/Claim/{id}</c> returns one of the clinic's claims. Every call is audited.
/// </summary>
internal static class FhirEndpoints
{
    public const string FhirJson = "application/fhir+json";
    public const string RateLimitPolicy = "clinic-key";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static IServiceCollection AddFhirApi(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue("Fhir:RateLimit:PermitsPerMinute", 120);
        var perAddress = config.GetValue("Fhir:RateLimit:PermitsPerMinutePerAddress", permits * 4);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await WriteIssueAsync(context.HttpContext, IssueCodes.Throttled,
                    string.Create(CultureInfo.InvariantCulture, $"Too many requests: at most {permits} a minute per API key and {perAddress} per client address."));
            };
            // First a window per client address over the whole FHIR API: a caller inventing a new key for every request
            // (each a bucket of its own below, and an audited failure) is still throttled.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => http.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter("address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("pages"));
            // One window per presented key (by its hash): a clinic's keys are its own buckets; anonymous calls share one.
            options.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                PresentedKey(http.Request) is { } key ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16] : "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static WebApplication MapFhirApi(this WebApplication app)
    {
        var maxBytes = app.Configuration.GetValue("Fhir:MaxBundleBytes", IntakeLimits.Default.MaxBundleBytes);
        var group = app.MapGroup("/fhir").AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimitPolicy).WithTags("FHIR");
        group.MapPost("", (HttpContext http, ClaimsDbContext db, CancellationToken ct) => PostBundleAsync(http, db, maxBytes, ct))
            .Produces(200, contentType: FhirJson).Produces(400).Produces(401).Produces(413).Produces(415).Produces(422).Produces(429);
        group.MapGet("/Claim/{id:guid}", GetClaimAsync).Produces(200, contentType: FhirJson).Produces(401).Produces(404);
        group.MapGet("/ClaimResponse", ClaimResponseEndpoint.SearchAsync).Produces(200, contentType: FhirJson).Produces(400).Produces(401);
        return app;
    }

    /// <summary>Parse the request, call the intake use case (which records the upload), render its result.</summary>
    private static async System.Threading.Tasks.Task PostBundleAsync(HttpContext http, ClaimsDbContext db, long maxBytes, CancellationToken ct)
    {
        var clinicId = await AuthenticateAsync(http, db, ct);
        if (clinicId is null) return;

        if (!IsFhirJson(http.Request.ContentType))
        {
            await WriteIssueAsync(http, IssueCodes.NotSupported, "Send the Bundle as application/fhir+json.");
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBytes + 1;

        var caller = new Caller(new Actor(ActorFor(http, clinicId.Value), ClaimRole.Clinic), new AuditOrigin(http.Connection.RemoteIpAddress?.ToString(), http.TraceIdentifier));
        var limits = IntakeLimits.Default with { MaxBundleBytes = maxBytes };
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        // A declared length over the limit is refused (and recorded) without reading the body.
        var result = http.Request.ContentLength > maxBytes
            ? await BundleIntake.IngestAsync(db, clinicId.Value, PreparedBundle.TooLarge(limits), caller, ct)
            : await BundleIntake.IngestAsync(db, clinicId.Value, http.Request.Body, caller, now, limits, ct);
        Log(http, clinicId.Value, result);

        if (result.IsRejected || result.IsFailed)
        {
            await WriteAsync(http, OperationOutcomes.HttpStatus(result.Issues), OperationOutcomes.ToJson(result.Issues));
            return;
        }
        var response = new FhirBundle { Type = FhirBundle.BundleType.BatchResponse, Timestamp = now };
        foreach (var id in result.CreatedClaimIds) response.Entry.Add(Entry("201 Created", id));
        foreach (var id in result.UpdatedClaimIds) response.Entry.Add(Entry("200 OK", id));
        if (result.Issues.Count > 0)
        {
            response.Entry.Add(new FhirBundle.EntryComponent
            {
                Response = new FhirBundle.ResponseComponent { Status = result.IsDuplicate ? "200 OK" : "201 Created", Outcome = OperationOutcomes.From(result.Issues) },
            });
        }
        await WriteAsync(http, StatusCodes.Status200OK, System.Text.Json.JsonSerializer.Serialize(response, Json));
    }

    /// <summary>Ids, counts and codes only: an issue's message or a fault's exception message never reaches the log.</summary>
    private static void Log(HttpContext http, Guid clinicId, BundleIntakeResult result)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FhirEndpoints).FullName!);
        if (result.Fault is { } fault)
        {
            logger.LogError("Bundle intake for clinic {ClinicId} failed: incident {Incident}, {ExceptionType} in {Where}", clinicId, fault.Incident, fault.ExceptionType, fault.Where);
            return;
        }
        logger.LogInformation("Bundle for clinic {ClinicId}: {Status}, bundle {BundleId}, {Created} created, {Updated} updated, {Errors} error(s) {Codes}",
            clinicId, result.Status, result.BundleId, result.CreatedClaimIds.Count, result.UpdatedClaimIds.Count, result.Issues.Count(i => i.IsError),
            string.Join(',', result.Issues.Where(i => i.IsError).Select(i => i.Code).Distinct()));
    }

    private static async System.Threading.Tasks.Task GetClaimAsync(HttpContext http, Guid id, ClaimsDbContext db, CancellationToken ct)
    {
        var clinicId = await AuthenticateAsync(http, db, ct);
        if (clinicId is null) return;
        // Another clinic's claim answers exactly like a missing one: no way to probe which ids exist.
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ClinicId == clinicId, ct);
        if (claim is null)
        {
            await WriteIssueAsync(http, IssueCodes.NotFound, $"Claim/{id} is not one of this clinic's claims.");
            return;
        }
        var context = await (from p in db.Patients
                             where p.Id == claim.PatientId
                             join c in db.Clinics on claim.ClinicId equals c.Id
                             select new { p.Pseudonym, Clinic = c.Name }).SingleAsync(ct);
        var payer = claim.PayerId is { } payerId ? await db.Payers.Where(p => p.Id == payerId).Select(p => new { p.Name, p.PayerId }).SingleAsync(ct) : null;

        // The read is on the record before the data leaves.
        db.Audit(new AuditRecord(ActorFor(http, clinicId.Value), "Clinic", AuditAction.Read, "Claim", claim.Id.ToString(), context.Pseudonym,
            SourceAddress: http.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: http.TraceIdentifier, Details: "GET /fhir/Claim"));
        await db.SaveChangesAsync(ct);
        await WriteAsync(http, StatusCodes.Status200OK, FhirClaimWriter.ToJson(claim, new FhirClaimContext(context.Pseudonym, context.Clinic, payer?.Name, payer?.PayerId)));
    }

    internal static async Task<Guid?> AuthenticateAsync(HttpContext http, ClaimsDbContext db, CancellationToken ct)
    {
        var clinicId = await ClinicApiKeys.AuthenticateAsync(db, PresentedKey(http.Request), http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        if (clinicId is not null) return clinicId;
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"claims-fhir\"";
        db.Audit(new AuditRecord("anonymous", "None", AuditAction.LoginFailed, "ApiKey", null, Outcome: AuditOutcome.Failure,
            SourceAddress: http.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: http.TraceIdentifier, Details: $"{http.Request.Method} /fhir: missing or invalid API key"));
        await db.SaveChangesAsync(ct);
        await WriteIssueAsync(http, IssueCodes.Login, "A valid clinic API key is required (Authorization: Bearer clk_...).");
        return null;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth["Bearer ".Length..].Trim();
        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    /// <summary>A key is named in the trail by its public prefix, never by the secret.</summary>
    internal static string ActorFor(HttpContext http, Guid clinicId)
    {
        var key = PresentedKey(http.Request) ?? "";
        return $"clinic:{clinicId}:{key[..Math.Min(key.Length, ClinicApiKeys.PrefixLength)]}";
    }

    private static bool IsFhirJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return false;
        var media = contentType.Split(';')[0].Trim();
        return media.Equals(FhirJson, StringComparison.OrdinalIgnoreCase) || media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static FhirBundle.EntryComponent Entry(string status, Guid claimId) => new()
    {
        FullUrl = $"Claim/{claimId}",
        Response = new FhirBundle.ResponseComponent { Status = status, Location = $"Claim/{claimId}" },
    };

    /// <summary>One of the edge's own refusals, through the same mapper as intake's answers (status and OperationOutcome).</summary>
    internal static System.Threading.Tasks.Task WriteIssueAsync(HttpContext http, string code, string message)
    {
        IntakeIssue[] issues = [IntakeIssue.Error(code, "", message)];
        return WriteAsync(http, OperationOutcomes.HttpStatus(issues), OperationOutcomes.ToJson(issues));
    }

    internal static async System.Threading.Tasks.Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = FhirJson + "; charset=utf-8";
        await http.Response.WriteAsync(json, http.RequestAborted);
    }
}

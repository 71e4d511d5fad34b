using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claims.Web.Startup;

/// <summary>Maps the domain's exceptions, once, to problem details: 404, 409 or 400. Messages carry ids only.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ClaimsDomainException domain) return false;
        var status = domain switch
        {
            NotFoundException => StatusCodes.Status404NotFound,
            InvalidTransitionException or ConcurrencyConflictException or ClaimNotEditableException or ClaimLeasedException => StatusCodes.Status409Conflict,
            TriggerForbiddenException or Claims.Operations.OperationForbiddenException => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        logger.LogInformation("Refused {Code} with {Status}", domain.Code, status);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = domain.Code, Detail = domain.Message, Type = $"https://claims.local/problems/{domain.Code}" },
        });
    }
}

/// <summary>Healthy when the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(ClaimsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("database error", ex);
        }
    }
}

/// <summary>
/// The headers every answer carries, error pages included: they are set as the response starts, so the exception
/// handler's cleared 500 and the status-code page's 404 get them too.
/// </summary>
internal static class SecurityHeaders
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// Strict browser policy: only our own scripts, styles and images; no framing (clickjacking); no MIME sniffing;
    /// no referrer leaving the site (URLs carry ids only, but nothing needs to know them). Every answer but a static
    /// asset is <c>no-store</c>: pages behind sign-in, FHIR answers and exports hold PHI, which must not stay in a
    /// browser's or a proxy's cache (HIPAA 164.312(a)(1)). HSTS, outside Development, whenever the original request
    /// was HTTPS (behind a proxy: as X-Forwarded-Proto from a known proxy says), except for loopback host names.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool hsts) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context, hsts);
                return Task.CompletedTask;
            });
            return next(context);
        });

    private static void Apply(HttpContext context, bool hsts)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (hsts && context.Request.IsHttps && !IsLoopback(context.Request.Host.Host)) headers.StrictTransportSecurity = "max-age=31536000";
        if (context.GetEndpoint()?.Metadata.GetMetadata<CacheableAsset>() is null)
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }

    /// <summary>Marks the static assets (our CSS and scripts: no PHI), which keep the caching headers they come with.</summary>
    public sealed class CacheableAsset;

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";
}

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
            TriggerForbiddenException => StatusCodes.Status403Forbidden,
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

internal static class SecurityHeaders
{
    /// <summary>
    /// Strict browser policy: only our own scripts, styles and images; no framing (clickjacking); no MIME sniffing;
    /// no referrer leaving the site (URLs carry ids only, but nothing needs to know them).
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next();
        });
}

using System.Net;

namespace Claims.Web.Startup;

/// <summary>
/// Answers an empty error status (404, 403, 405 ...): a person in a browser gets a page in words with a way on,
/// an API or FHIR client keeps its ProblemDetails. A browser is a request that accepts HTML and is not for the API,
/// FHIR, health or OpenAPI paths (whose clients expect machine answers whatever they accept).
/// </summary>
internal static class FriendlyStatusPages
{
    private static readonly string[] MachinePaths = ["/api", "/fhir", "/healthz", "/openapi"];

    public static IApplicationBuilder UseFriendlyStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!IsBrowser(http.Request))
            {
                // ProblemDetails whatever the client accepts (a FHIR client asking for text/html still gets JSON).
                await Results.Problem(statusCode: http.Response.StatusCode).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Page(http.Response.StatusCode, http.User.Identity?.IsAuthenticated == true), http.RequestAborted);
        });

    public static bool IsBrowser(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MachinePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return false;
        return request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A self-contained page (the site's stylesheet, no script, nothing from the request echoed back).</summary>
    private static string Page(int status, bool signedIn)
    {
        var (title, text) = status switch
        {
            404 => ("Page not found", "There is nothing at this address. The link may be old, or the claim or page belongs to another clinic."),
            403 => ("Not allowed", "Your role does not open this page. If you need it, ask an administrator."),
            405 => ("Not allowed here", "This address does not take that kind of request. Use the page's own buttons and links."),
            _ => ("Something went wrong", "The request could not be answered. Please go back and try again."),
        };
        var next = signedIn
            ? "<a class=\"button\" href=\"/\">Go to the dashboard</a>"
            : "<a class=\"button\" href=\"/Account/Login\">Sign in</a>";
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{WebUtility.HtmlEncode(title)} - Claims</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body><header class="topbar"><a class="brand" href="/">Claims</a></header><main class="page"><div class="card narrow status-page">
            <h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p><p class="hint">Status {status}</p><p>{next}</p>
            </div></main></body></html>
            """;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Claims.Web.Startup;

/// <summary>
/// The cookie handler builds absolute redirect URLs from the request's Host header; a forged Host would come back in
/// the Location header and send the browser elsewhere (host header injection). The URL stays absolute only for a
/// host named in <c>AllowedHosts</c> (host filtering refuses any other, unless <c>AllowedHosts</c> is <c>*</c>);
/// otherwise the redirect is path-only, so the browser stays on the host it asked for whatever the header said.
/// </summary>
internal static class LocalRedirects
{
    public static void Apply(CookieAuthenticationEvents events)
    {
        events.OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized);
        events.OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden);
        events.OnRedirectToLogout = context => Redirect(context, null);
        events.OnRedirectToReturnUrl = context => Redirect(context, null);
    }

    /// <summary>The path and query of a URL, never another host: "//host" and "/\host" become "/".</summary>
    public static string PathOnly(string url)
    {
        var target = Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.PathAndQuery : url;
        return target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) && !target.StartsWith("/\\", StringComparison.Ordinal) ? target : "/";
    }

    /// <summary>Whether <c>AllowedHosts</c> names this host itself (a <c>*</c> entry names none).</summary>
    public static bool IsNamedHost(HttpContext context, string host)
    {
        var allowed = context.RequestServices.GetRequiredService<IOptions<HostFilteringOptions>>().Value.AllowedHosts;
        return allowed.Any(a => a != "*" && (string.Equals(a, host, StringComparison.OrdinalIgnoreCase)
            || (a.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase))));
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, int? scriptStatus)
    {
        var target = IsNamedHost(context.HttpContext, context.Request.Host.Host) ? context.RedirectUri : PathOnly(context.RedirectUri);
        // As the default handler does: a script's request gets a status and the Location, not a page to follow.
        if (scriptStatus is { } status && string.Equals(context.Request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal))
        {
            context.Response.Headers.Location = target;
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(target);
        }
        return Task.CompletedTask;
    }
}

using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Claims.Web.Startup;

/// <summary>
/// Behind a TLS-terminating proxy the app sees plain HTTP from the proxy's address. X-Forwarded-Proto and
/// X-Forwarded-For restore the client's scheme (so cookies are Secure and HSTS is sent) and address (for the audit
/// trail and rate limits), but only from the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR); anyone else's headers are ignored. Loopback is always trusted.
/// X-Forwarded-Host is never read: the Host stays the one <c>AllowedHosts</c> admitted.
/// </summary>
internal static class ForwardedProxies
{
    public static IServiceCollection AddForwardedProxies(this IServiceCollection services, IConfiguration config)
    {
        // Parsed here, so a typo stops the start with its name instead of failing the first request.
        var proxies = Values(config, "ForwardedHeaders:KnownProxies").Select(text => IPAddress.TryParse(text, out var ip) ? ip : throw Invalid("KnownProxies", text)).ToList();
        var networks = Values(config, "ForwardedHeaders:KnownNetworks").Select(text => System.Net.IPNetwork.TryParse(text, out var net) ? net : throw Invalid("KnownNetworks", text)).ToList();
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy in front: only the entry it added (the last) is believed.
            options.ForwardLimit = 1;
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
    }

    /// <summary>An array in JSON, or one semicolon-separated string (handy in an environment variable).</summary>
    private static IEnumerable<string> Values(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        return section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static InvalidOperationException Invalid(string key, string text) =>
        new($"ForwardedHeaders:{key}: '{text}' is not an IP address{(key == "KnownNetworks" ? " network in CIDR form (10.0.0.0/8)" : "")}.");
}

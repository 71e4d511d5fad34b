using System.Net;
using Claims.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>
/// Running behind a TLS-terminating proxy and on a shared host: forwarded HTTPS from a known proxy makes cookies
/// Secure and sends HSTS (from anyone else it is ignored), a foreign Host is refused and never echoed, every answer
/// carries the security headers (404 and 500 too), PHI answers are no-store, and the files on disk are owner-only.
/// </summary>
public sealed class DeploymentSafetyTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string PublicHost = "claims.example.org";

    /// <summary>
    /// The app as a proxy at <paramref name="proxy"/> reaches it, answering to <see cref="PublicHost"/>; a path
    /// /test/boom throws, to see what an unhandled error answers.
    /// </summary>
    private WebApplicationFactory<Program> Behind(string proxy, string allowedHosts = $"{PublicHost};localhost") =>
        factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("AllowedHosts", allowedHosts);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new TestPlumbing(IPAddress.Parse(proxy))));
        });

    private static HttpClient Client(WebApplicationFactory<Program> app, string? forwardedProto = "https")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Host = PublicHost;
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task HTTPS_forwarded_by_a_known_proxy_makes_the_cookies_Secure_and_sends_HSTS()
    {
        using var app = Behind("127.0.0.1");
        var client = Client(app);

        var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.StartsWith("max-age=", login.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(SetCookies(login), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        // Posted by hand: a cookie container would not send the Secure antiforgery cookie over the test's plain HTTP.
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/Login", UriKind.Relative))
        {
            Content = TestSupport.Form(await login.Content.ReadAsStringAsync(), ("Input.Email", "coder@demo.claims.local"), ("Input.Password", ClaimsWebFactory.DemoPassword)),
        };
        post.Headers.Add("Cookie", string.Join("; ", SetCookies(login).Select(c => c.Split(';')[0])));
        var signIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = SetCookies(signIn).Where(c => c.StartsWith("claims.auth", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(auth);
        Assert.All(auth, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HTTPS_claimed_by_an_unknown_address_is_ignored_no_Secure_cookie_and_no_HSTS()
    {
        using var app = Behind("203.0.113.7");
        var client = Client(app);

        var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        Assert.NotEmpty(SetCookies(login));
        Assert.All(SetCookies(login), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_foreign_Host_header_is_refused_by_the_default_settings()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/Queue", UriKind.Relative));
        request.Headers.Host = "evil.example.net";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Even_with_every_host_allowed_a_foreign_Host_is_never_echoed_into_the_sign_in_redirect()
    {
        using var app = Behind("127.0.0.1", allowedHosts: "*");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/Queue", UriKind.Relative));
        request.Headers.Host = "evil.example.net";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Account/Login", location, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", location, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, HttpStatusCode> ErrorAnswers => new()
    {
        { "/no-such-page", HttpStatusCode.NotFound },
        { "/test/boom", HttpStatusCode.InternalServerError },
    };

    [Theory]
    [MemberData(nameof(ErrorAnswers))]
    public async Task Error_answers_carry_the_security_headers_and_no_store(string path, HttpStatusCode status)
    {
        using var app = Behind("127.0.0.1");
        // Signed in: anonymous requests for unknown paths are sent to sign-in (the fallback policy) before any 404.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "coder@demo.claims.local");

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Pages_behind_sign_in_FHIR_answers_and_audit_exports_are_no_store_and_static_files_may_be_cached()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "auditor@demo.claims.local");
        var claim = await DbAsync(db => db.Claims.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

        foreach (var path in new[] { "/", "/Audit", "/Audit?Action=Login" })
        {
            var page = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {page.Headers.CacheControl}");
            AssertSecurityHeaders(page);
        }
        var audit = await client.GetStringAsync(new Uri("/Audit", UriKind.Relative));
        var export = await client.PostAsync(new Uri("/Audit?handler=Export&format=csv", UriKind.Relative), TestSupport.Form(audit));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        Assert.True(export.Headers.CacheControl?.NoStore, $"export: Cache-Control {export.Headers.CacheControl}");

        var fhir = await factory.CreateClient().GetAsync(new Uri($"/fhir/Claim/{claim}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, fhir.StatusCode);
        Assert.True(fhir.Headers.CacheControl?.NoStore, $"fhir: Cache-Control {fhir.Headers.CacheControl}");

        var css = await client.GetAsync(new Uri("/css/site.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_database_its_wal_and_shm_the_key_ring_and_the_home_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        // A write, so the -wal and -shm files exist.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "coder@demo.claims.local");
        var home = factory.Home;

        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode folder = file | UnixFileMode.UserExecute;
        Assert.Equal(folder, File.GetUnixFileMode(home));
        foreach (var name in new[] { "claims.db", "claims.db-wal", "claims.db-shm", Path.Combine("keys", "keyring"), "audit-witness.log" })
        {
            var path = Path.Combine(home, name);
            Assert.True(File.Exists(path), $"{name} exists");
            Assert.Equal(file, File.GetUnixFileMode(path));
        }
        Assert.Equal(folder, File.GetUnixFileMode(Path.Combine(home, "keys")));
        Assert.Equal(folder, File.GetUnixFileMode(Path.Combine(home, "dataprotection")));
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    /// <summary>Sets the connection's address (the proxy's, as a socket would) and adds a path that throws.</summary>
    private sealed class TestPlumbing(IPAddress remote) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Connection.RemoteIpAddress = remote;
                return inner(context);
            });
            next(app);
            app.Run(context =>
            {
                if (context.Request.Path == "/test/boom") throw new InvalidOperationException("a bug");
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        };
    }
}

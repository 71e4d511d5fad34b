using System.Net;
using System.Text.RegularExpressions;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Security;

/// <summary>
/// Every state-changing request a browser can be tricked into sending is refused without an antiforgery token. The
/// endpoints are read from the running app, not listed by hand, so a page added tomorrow is covered:
/// <list type="bullet">
/// <item>each POST handler of each Razor page (named ones as <c>?handler=Name</c>) is posted by a user the page's
/// <c>[Authorize(Roles=...)]</c> admits (any signed-in user without roles; nobody on anonymous pages) without the token:
/// 400, from the antiforgery filter; and with a valid token, as the page's own form posts it: not 400 and not refused
/// by the antiforgery filter, which proves the first answer came from the missing token and not from the handler;</item>
/// <item>each other POST/PUT/PATCH/DELETE endpoint (the minimal API, <c>POST /fhir</c>) has antiforgery turned off
/// because it authenticates by clinic API key only and never by cookie: a signed-in browser session without a key gets
/// 401 there, so a forged cross-site request carries no authority and CSRF has nothing to ride on.</item>
/// </list>
/// A page whose role rule cannot be derived (a policy name, an unknown role) fails with a message rather than skipping.
/// </summary>
public sealed partial class AntiforgeryTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Anonymous = "anonymous";
    private const string RejectedHeader = "X-Test-Antiforgery";
    private static readonly string[] Unsafe = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>Marks responses that the antiforgery filter refused, so a handler's own 400 is never mistaken for one.</summary>
    private sealed class MarkAntiforgeryRejections : IAlwaysRunResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.Result is IAntiforgeryValidationFailedResult) context.HttpContext.Response.Headers[RejectedHeader] = "rejected";
        }

        public void OnResultExecuted(ResultExecutedContext context)
        {
        }
    }

    private WebApplicationFactory<Program> App { get; } = factory.WithWebHostBuilder(b =>
        b.ConfigureTestServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new MarkAntiforgeryRejections()))));

    /// <summary>A page's POST handler, the demo user who may post it, and the roles its authorization admits (null: anyone).</summary>
    private sealed record PostTarget(string Page, string Path, string? Handler, string User, IReadOnlyList<string>? Allowed = null);

    [Fact]
    public async Task Every_page_POST_handler_refuses_a_request_without_the_antiforgery_token_and_accepts_one_with_it()
    {
        var targets = await PageTargetsAsync();
        Assert.NotEmpty(targets);
        Assert.Contains(targets, t => t.Page == "/Account/Login" && t.User == Anonymous);
        Assert.Contains(targets, t => t.Page == "/Queue/Index" && t.Handler == "TakeNext");

        var failures = new List<string>();
        foreach (var target in targets)
        {
            var client = await ClientAsync(target.User);
            var url = target.Handler is null ? target.Path : $"{target.Path}?handler={target.Handler}";
            var (action, fields, token) = await FormAsync(client, target, url);

            var without = await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
            if (without.StatusCode != HttpStatusCode.BadRequest || !without.Headers.Contains(RejectedHeader))
            {
                failures.Add($"{url} as {target.User}: without a token answered {(int)without.StatusCode}{(without.Headers.Contains(RejectedHeader) ? "" : " (not from the antiforgery filter)")}");
            }

            var withToken = await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
            if (withToken.StatusCode == HttpStatusCode.BadRequest || withToken.Headers.Contains(RejectedHeader))
            {
                failures.Add($"{url} as {target.User}: with a valid token answered {(int)withToken.StatusCode}{(withToken.Headers.Contains(RejectedHeader) ? " (refused by the antiforgery filter)" : "")}");
            }
            // The accepted post really ran (an admin may have locked a demo user, changed a role or reset a second
            // factor, or reset a password): put the demo users back so the next handler signs in as the role it needs.
            await RestoreDemoUsersAsync();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// The POST half of the authorization matrix: every page POST handler, for anonymous visitors and each role its
    /// page does not admit, with a valid antiforgery token (so only authorization can refuse): sent to sign-in or denied.
    /// </summary>
    [Fact]
    public async Task Every_page_POST_handler_refuses_anonymous_visitors_and_the_roles_its_page_does_not_admit()
    {
        var targets = (await PageTargetsAsync()).Where(t => t.Allowed is not null).ToList();
        // What the pages' attributes say is what we mean (a dropped or widened [Authorize] fails here).
        var expected = new Dictionary<string, string[]>
        {
            ["/Admin/Users"] = [Roles.Admin], ["/Admin/Clinics"] = [Roles.Admin], ["/Audit/Index"] = [Roles.Admin, Roles.Auditor],
            ["/Queue/Index"] = [Roles.Admin, Roles.Coder], ["/Clinic/Queries"] = [Roles.Clinic], ["/Clinic/Keys"] = [Roles.Clinic],
            ["/Clinic/Upload"] = [Roles.Clinic], ["/ClaimPages/Query"] = [Roles.Coder],
            ["/Billing/Ready"] = [Roles.Biller], ["/Billing/Batches"] = [Roles.Biller],
            ["/Billing/Remittance"] = [Roles.Biller], ["/Billing/Exceptions"] = [Roles.Biller],
            ["/Operations/Reports"] = [Roles.Admin, Roles.Biller, Roles.Clinic, Roles.Manager], ["/Operations/Invoices"] = [Roles.Admin, Roles.Biller, Roles.Manager],
        };
        foreach (var (page, roles) in expected)
        {
            Assert.All(targets.Where(t => t.Page == page), t => Assert.Equal(roles, t.Allowed!.Order()));
            Assert.Contains(targets, t => t.Page == page);
        }
        var failures = new List<string>();
        var checks = 0;
        foreach (var target in targets)
        {
            var url = target.Handler is null ? target.Path : $"{target.Path}?handler={target.Handler}";
            foreach (var user in Roles.All.Where(r => !target.Allowed!.Contains(r)).Select(r => r.ToLowerInvariant()).Prepend(Anonymous))
            {
                var client = await ClientAsync(user);
                var token = TestSupport.Token(await client.GetStringAsync(new Uri(user == Anonymous ? "/Account/Login" : "/", UriKind.Relative)));
                var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
                var location = response.Headers.Location?.OriginalString ?? "";
                var refused = user == Anonymous
                    ? response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/Login", StringComparison.Ordinal)
                    : response.StatusCode == HttpStatusCode.Forbidden || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                if (!refused) failures.Add($"{url} as {user}: answered {(int)response.StatusCode} {location}");
                checks++;
            }
        }
        Assert.True(checks > targets.Count, "every role-restricted page should have someone to refuse");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_other_unsafe_endpoint_ignores_browser_sessions_so_it_needs_no_antiforgery_token()
    {
        var endpoints = Endpoints().Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Intersect(Unsafe, StringComparer.OrdinalIgnoreCase).ToList() ?? []))
            .Where(e => e.Methods.Count > 0)
            .ToList();
        Assert.Contains(endpoints, e => e.Endpoint.RoutePattern.RawText?.TrimEnd('/') == "/fhir");

        var client = await ClientAsync("admin");
        var failures = new List<string>();
        foreach (var (endpoint, methods) in endpoints)
        {
            var path = await PathAsync(endpoint.RoutePattern, endpoint.DisplayName ?? "?");
            var needsToken = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>()?.RequiresValidation == true;
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/fhir+json") };
                var response = await client.SendAsync(request);
                // A cookie-authenticated endpoint would need the token; these must not take the cookie at all.
                if (!needsToken && response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{method} {path}: antiforgery is off but a signed-in browser session without an API key got {(int)response.StatusCode}, not 401");
                }
                if (needsToken && response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{method} {path}: requires a token, yet a request without one got {(int)response.StatusCode}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task RestoreDemoUsersAsync()
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
        var keys = (IUserAuthenticatorKeyStore<ClaimsUser>)scope.ServiceProvider.GetRequiredService<IUserStore<ClaimsUser>>();
        foreach (var role in Roles.All)
        {
            var user = await users.FindByEmailAsync($"{role.ToLowerInvariant()}@{DemoDomain}") ?? throw new InvalidOperationException($"demo {role} is gone");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            if (user.MustChangePassword || !await users.CheckPasswordAsync(user, ClaimsWebFactory.DemoPassword))
            {
                await users.RemovePasswordAsync(user);
                await users.AddPasswordAsync(user, ClaimsWebFactory.DemoPassword);
                user.MustChangePassword = false;
                await users.UpdateAsync(user);
            }
            var roles = await users.GetRolesAsync(user);
            if (roles.Count != 1 || roles[0] != role)
            {
                await users.RemoveFromRolesAsync(user, roles);
                await users.AddToRoleAsync(user, role);
            }
            if (role is Roles.Admin or Roles.Auditor)
            {
                await keys.SetAuthenticatorKeyAsync(user, ClaimsWebFactory.DemoAuthenticatorKey, CancellationToken.None);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
        }
    }

    private IEnumerable<RouteEndpoint> Endpoints()
    {
        _ = App.Server; // starts the host, so the endpoints exist
        return App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
    }

    /// <summary>One target per page and POST handler, with the user the page's authorization metadata admits.</summary>
    private async Task<List<PostTarget>> PageTargetsAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var targets = new List<PostTarget>();
        // A page has several routes (/Queue/Index and /Queue); its handlers are tested once, on its shortest route.
        foreach (var page in Endpoints().Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null).GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath))
        {
            var endpoint = page.OrderBy(e => e.RoutePattern.RawText?.Length ?? 0).First();
            var descriptor = endpoint.Metadata.GetMetadata<PageActionDescriptor>()!;
            var compiled = descriptor as CompiledPageActionDescriptor ?? await loader.LoadAsync(descriptor, endpoint.Metadata);
            var user = UserFor(page.Key, endpoint.Metadata);
            var path = await PathAsync(endpoint.RoutePattern, page.Key);
            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase)))
            {
                targets.Add(new PostTarget(page.Key, path, handler.Name, user, AllowedRoles(endpoint.Metadata)));
            }
        }
        return targets;
    }

    /// <summary>The roles every <c>[Authorize(Roles=...)]</c> on the page admits; all of them without role rules; null for anonymous pages.</summary>
    private static List<string>? AllowedRoles(EndpointMetadataCollection metadata)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        return metadata.GetOrderedMetadata<IAuthorizeData>().Where(r => !string.IsNullOrEmpty(r.Roles))
            .Select(r => r.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Aggregate((IEnumerable<string>)Roles.All, (a, b) => a.Intersect(b)).ToList();
    }

    /// <summary>A demo user in a role every <c>[Authorize]</c> on the page admits; "anonymous" where the page allows anyone.</summary>
    private static string UserFor(string page, EndpointMetadataCollection metadata)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null) return Anonymous;
        var rules = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (rules.FirstOrDefault(r => !string.IsNullOrEmpty(r.Policy) || !string.IsNullOrEmpty(r.AuthenticationSchemes)) is { } custom)
        {
            throw new InvalidOperationException($"{page}: authorization by policy '{custom.Policy}' / scheme '{custom.AuthenticationSchemes}' - teach {nameof(AntiforgeryTests)} which demo user satisfies it.");
        }
        var roleSets = rules.Where(r => !string.IsNullOrEmpty(r.Roles)).Select(r => r.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        // No roles: the fallback policy, any signed-in user.
        if (roleSets.Count == 0) return "coder";
        var role = roleSets.Aggregate((a, b) => [.. a.Intersect(b)]).FirstOrDefault()
            ?? throw new InvalidOperationException($"{page}: no single role satisfies every [Authorize(Roles=...)] on it ({string.Join(" and ", roleSets.Select(s => string.Join("|", s)))}).");
        if (!Roles.All.Contains(role)) throw new InvalidOperationException($"{page}: role '{role}' has no demo user (Roles.All is {string.Join(", ", Roles.All)}).");
        return role.ToLowerInvariant();
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user != Anonymous) await TestSupport.SignInAsync(client, $"{user}@{DemoDomain}");
        return client;
    }

    private const string DemoDomain = "demo.claims.local";

    /// <summary>
    /// What the page's own form for this handler posts (its action with route values, and its fields) and a valid token
    /// for the session. Without such a form (a button shown to another role), the bare handler URL, no fields, and the
    /// token of any page the user sees.
    /// </summary>
    private static async Task<(string Action, List<KeyValuePair<string, string>> Fields, string Token)> FormAsync(HttpClient client, PostTarget target, string url)
    {
        string? token = null;
        foreach (var page in new[] { target.Path, "/", "/Account/Login" })
        {
            var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var html = await response.Content.ReadAsStringAsync();
            var pageToken = TestSupport.Token(html);
            if (pageToken.Length == 0) continue;
            token ??= pageToken;
            if (page != target.Path) continue;
            foreach (Match form in FormPattern().Matches(html))
            {
                var action = WebUtility.HtmlDecode(AttributePattern("action").Match(form.Groups[1].Value).Groups[1].Value);
                var handler = Regex.Match(action, "[?&]handler=([^&]+)", RegexOptions.IgnoreCase).Groups[1].Value;
                var samePath = action.Length == 0 || action.Split('?')[0].Equals(target.Path, StringComparison.OrdinalIgnoreCase);
                if (!samePath || !string.Equals(handler, target.Handler ?? "", StringComparison.OrdinalIgnoreCase)) continue;
                var fields = InputPattern().Matches(form.Groups[2].Value)
                    .Select(i => (Name: AttributePattern("name").Match(i.Value).Groups[1].Value, Value: WebUtility.HtmlDecode(AttributePattern("value").Match(i.Value).Groups[1].Value)))
                    .Where(f => f.Name.Length > 0 && f.Name != "__RequestVerificationToken")
                    .Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
                return (action.Length == 0 ? url : action, fields, token);
            }
        }
        return (url, [], token ?? throw new InvalidOperationException($"{url}: no page the {target.User} user can open renders an antiforgery token."));
    }

    /// <summary>The route with its parameters filled: a guid is a claim of the demo clinic, so every role may see it.</summary>
    private async Task<string> PathAsync(RoutePattern pattern, string what)
    {
        var parts = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                text += part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { IsOptional: true } => "",
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content == "guid") || p.Name.Equals("id", StringComparison.OrdinalIgnoreCase) => (await ClinicClaimAsync()).ToString(),
                    RoutePatternParameterPart p => throw new InvalidOperationException($"{what}: route parameter '{p.Name}' - teach {nameof(AntiforgeryTests)} a value for it."),
                    _ => "",
                };
            }
            if (text.Length > 0) parts.Add(text);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>A claim of the demo clinic user's own clinic (as in <see cref="AuthorizationMatrixTests"/>).</summary>
    private async Task<Guid> ClinicClaimAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var clinic = (await db.Users.SingleAsync(u => u.Email == $"clinic@{DemoDomain}")).ClinicId;
        return await db.Claims.Where(c => c.ClinicId == clinic).OrderBy(c => c.ServiceFrom).Select(c => c.Id).FirstAsync();
    }

    [GeneratedRegex("<form\\b([^>]*\\bmethod=\"post\"[^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    private static Regex AttributePattern(string name) => new($"\\b{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
}

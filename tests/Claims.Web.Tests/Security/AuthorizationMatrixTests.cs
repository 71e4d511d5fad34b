using System.Net;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Security;

/// <summary>Every page and endpoint, for anonymous visitors and each role: allowed (200), sent to sign-in, denied, or 401.</summary>
public sealed class AuthorizationMatrixTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    public enum Expect
    {
        Ok,
        SignIn,
        Denied,
        Unauthorized,
    }

    private const string Anonymous = "anonymous";

    public static TheoryData<string, string, Expect> Matrix()
    {
        var data = new TheoryData<string, string, Expect>();
        string[] staff = ["coder", "biller", "auditor", "admin", "clinic"];
        void Row(string path, Expect anonymous, Func<string, Expect> signedIn)
        {
            data.Add(path, Anonymous, anonymous);
            foreach (var user in staff) data.Add(path, user, signedIn(user));
        }
        Row("/", Expect.SignIn, _ => Expect.Ok);
        Row("/Queue", Expect.SignIn, u => u is "coder" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Claims/{own}", Expect.SignIn, _ => Expect.Ok);
        Row("/Audit", Expect.SignIn, u => u is "auditor" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Clinic/Upload", Expect.SignIn, u => u == "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Clinic/Keys", Expect.SignIn, u => u == "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Admin/Users", Expect.SignIn, u => u == "admin" ? Expect.Ok : Expect.Denied);
        Row("/Admin/Clinics", Expect.SignIn, u => u == "admin" ? Expect.Ok : Expect.Denied);
        Row("/Admin/Keys/{clinic}", Expect.SignIn, u => u == "admin" ? Expect.Ok : Expect.Denied);
        Row("/Admin/Jobs", Expect.SignIn, u => u == "admin" ? Expect.Ok : Expect.Denied); // and managers (JobsPageTests)
        Row("/Billing/Ready", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Billing/Batches", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Billing/Remittance", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Billing/Exceptions", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Denials", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Denials/Appeals", Expect.SignIn, u => u == "biller" ? Expect.Ok : Expect.Denied);
        Row("/Denials/Rules", Expect.SignIn, u => u is "biller" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Denials/WriteOffs", Expect.SignIn, u => u is "biller" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Denials/Analytics", Expect.SignIn, u => u is "biller" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Operations/Kpis", Expect.SignIn, u => u is "biller" or "admin" or "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Operations/KpiClaims?key=claim-lag&side=Denominator", Expect.SignIn, u => u is "biller" or "admin" or "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Operations/Reports", Expect.SignIn, u => u is "biller" or "admin" or "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Operations/Invoices", Expect.SignIn, u => u is "biller" or "admin" ? Expect.Ok : Expect.Denied);
        Row("/Account/Authenticator", Expect.SignIn, _ => Expect.Ok);
        Row("/Account/Password", Expect.SignIn, _ => Expect.Ok);
        // The second step exists only between a right password and the code: otherwise back to sign-in.
        Row("/Account/TwoFactor", Expect.SignIn, _ => Expect.SignIn);
        Row("/Claims/{own}/Query", Expect.SignIn, u => u == "coder" ? Expect.Ok : Expect.Denied);
        Row("/Clinic/Claims", Expect.SignIn, u => u == "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Clinic/Queries", Expect.SignIn, u => u == "clinic" ? Expect.Ok : Expect.Denied);
        Row("/Account/Login", Expect.Ok, _ => Expect.Ok);
        Row("/Account/AccessDenied", Expect.Ok, _ => Expect.Ok);
        Row("/api/codes?q=J20", Expect.SignIn, u => u == "clinic" ? Expect.Denied : Expect.Ok);
        Row("/healthz", Expect.Ok, _ => Expect.Ok);
        Row("/openapi/v1.json", Expect.Ok, _ => Expect.Ok);
        // The FHIR API authenticates clinics by API key, never by a browser session.
        Row("/fhir/Claim/{own}", Expect.Unauthorized, _ => Expect.Unauthorized);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_what_the_matrix_says(string path, string user, Expect expect)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user != Anonymous) await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        var url = path.Replace("{own}", (await ClinicClaimAsync()).ToString(), StringComparison.Ordinal)
            .Replace("{clinic}", (await ClinicAsync()).ToString(), StringComparison.Ordinal);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var location = response.Headers.Location?.OriginalString ?? "";
        var actual = response.StatusCode switch
        {
            HttpStatusCode.OK => Expect.Ok,
            HttpStatusCode.Unauthorized => Expect.Unauthorized,
            HttpStatusCode.Forbidden => Expect.Denied,
            HttpStatusCode.Redirect when location.Contains("/Account/Login", StringComparison.Ordinal) => Expect.SignIn,
            HttpStatusCode.Redirect when location.Contains("/Account/AccessDenied", StringComparison.Ordinal) => Expect.Denied,
            _ => throw new InvalidOperationException($"{path} as {user}: unexpected {(int)response.StatusCode} {location}"),
        };
        Assert.Equal(expect, actual);
    }

    private async Task<Guid> ClinicAsync()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Clinics.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
    }

    /// <summary>A claim of the demo clinic user's own clinic, so "own" holds for every role.</summary>
    private async Task<Guid> ClinicClaimAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var clinic = (await db.Users.SingleAsync(u => u.Email == "clinic@demo.claims.local")).ClinicId;
        return await db.Claims.Where(c => c.ClinicId == clinic).Select(c => c.Id).FirstAsync();
    }
}

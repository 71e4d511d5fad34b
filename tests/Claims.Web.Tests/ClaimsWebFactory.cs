using System.Runtime.CompilerServices;
using Claims.Persistence;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>The web host on its own temp CLAIMS_HOME (a real SQLite file), with a small demo seed, a known demo password and authenticator key.</summary>
public sealed class ClaimsWebFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Password-42";

    /// <summary>The demo admin's and auditor's authenticator key (Base32), so tests can compute their TOTP codes.</summary>
    public const string DemoAuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "claims-web-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the build's compressed variants (.css.gz/.br in obj/) are only found through the
        // static web assets manifest; without it a browser asking for br/gzip gets an empty stylesheet.
        builder.UseStaticWebAssets();
        builder.UseSetting("Claims:Home", Home);
        builder.UseSetting("Demo:Patients", "40");
        // Months of operations activity only where a test asks for them (OperationsPageTests): they cost seconds per host.
        builder.UseSetting("Demo:ActivityMonths", "0");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("Demo:AuthenticatorKey", DemoAuthenticatorKey);
    }

    /// <summary>The factory each client came from (also clients of WithWebHostBuilder copies, which share its database).</summary>
    private static readonly ConditionalWeakTable<HttpClient, ClaimsWebFactory> Owners = [];

    public static ClaimsWebFactory? OwnerOf(HttpClient client) => Owners.TryGetValue(client, out var factory) ? factory : null;

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        Owners.AddOrUpdate(client, this);
    }

    /// <summary>
    /// Forgets the authenticator time steps already used. A code works once (TwoFactorReplayTests pins that), but the
    /// tests sign the same demo admin in many times within one 30-second step.
    /// </summary>
    public async Task ForgetUsedAuthenticatorCodesAsync()
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().UserTokens
            .Where(t => t.LoginProvider == SingleUseAuthenticatorTokenProvider.StoreProvider && t.Name == SingleUseAuthenticatorTokenProvider.LastStepName)
            .ExecuteDeleteAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

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
        builder.UseSetting("Demo:Patients", "25");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("Demo:AuthenticatorKey", DemoAuthenticatorKey);
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

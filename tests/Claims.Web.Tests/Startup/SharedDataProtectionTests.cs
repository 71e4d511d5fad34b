using Claims.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Startup;

/// <summary>
/// Two instances with homes of their own on one database (as on PostgreSQL, where the key ring is kept in the database
/// by default): what one protects (a sign-in cookie, an antiforgery token) the other can read.
/// </summary>
public sealed class SharedDataProtectionTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    [Fact]
    public async Task Two_instances_sharing_one_database_read_each_others_protected_payloads()
    {
        var database = Path.Combine(factory.Home, "claims.db");
        var otherHome = Path.Combine(Path.GetTempPath(), "claims-web-tests", Guid.NewGuid().ToString("N"));
        using var first = factory.WithWebHostBuilder(b => b.UseSetting("DataProtection:Store", "database"));
        using var second = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("DataProtection:Store", "database");
            b.UseSetting("Claims:Home", otherHome);
            b.UseSetting("Database:ConnectionString", database);
        });
        _ = first.CreateClient();
        var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("claim 42");
        _ = second.CreateClient();

        var read = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret);

        Assert.Equal("claim 42", read);
        using var scope = first.Services.CreateScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.False(Directory.Exists(Path.Combine(otherHome, "dataprotection")));
    }
}

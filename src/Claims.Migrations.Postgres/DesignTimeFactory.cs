using Claims.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Claims.Migrations.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the context for this provider. The connection string is never
/// opened when adding migrations; it only selects the provider.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ClaimsDbContext>
{
    public ClaimsDbContext CreateDbContext(string[] args) =>
        new(ClaimsDatabase.Options(new ClaimsDatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=claims_design;Username=claims;Password=design-time-only", Path.GetTempPath()), TimeProvider.System));
}

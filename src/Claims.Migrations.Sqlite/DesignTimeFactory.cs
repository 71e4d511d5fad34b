using Claims.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Claims.Migrations.Sqlite;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the context for this provider. The connection string is never
/// opened when adding migrations; it only selects the provider.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ClaimsDbContext>
{
    public ClaimsDbContext CreateDbContext(string[] args) =>
        new(ClaimsDatabase.Options(new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(Path.GetTempPath(), "claims-design.db")), Path.GetTempPath()), TimeProvider.System));
}

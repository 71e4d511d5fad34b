using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Intake;

public sealed class MigrationDriftTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=drift.db")]
    [InlineData(DatabaseProvider.Postgres, "Host=localhost;Database=drift")]
    public void Each_provider_migration_set_matches_the_model(DatabaseProvider provider, string connection)
    {
        using var db = new ClaimsDbContext(ClaimsDatabase.Options(new ClaimsDatabaseSettings(provider, connection, Path.GetTempPath()), TimeProvider.System));

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: add a migration.");
    }
}

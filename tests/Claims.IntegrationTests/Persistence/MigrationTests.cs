using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Claims.IntegrationTests.Persistence;

public sealed class MigrationTests
{
    private static ClaimsDbContext Context(DatabaseProvider provider) => new(ClaimsDatabase.Options(
        provider == DatabaseProvider.Sqlite
            ? new ClaimsDatabaseSettings(provider, "Data Source=:memory:", Path.GetTempPath())
            : new ClaimsDatabaseSettings(provider, "Host=localhost;Database=never_opened;Username=x;Password=y", Path.GetTempPath()),
        TimeProvider.System));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Each_provider_migration_set_matches_the_model(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations lag the model: run `dotnet tool run dotnet-ef migrations add <Name> --project src/Claims.Migrations.{provider} --startup-project src/Claims.Migrations.{provider} -o Migrations`.");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations_in_the_same_order()
    {
        static IEnumerable<string> Names(DatabaseProvider provider)
        {
            using var db = Context(provider);
            return db.GetService<IMigrationsAssembly>().Migrations.Keys.Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();
        }

        var sqlite = Names(DatabaseProvider.Sqlite);
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Names(DatabaseProvider.Postgres));
    }

    [Fact]
    public async Task A_new_sqlite_file_is_migrated_fully_and_runs_in_wal_mode()
    {
        using var home = new TestHome();
        await using var db = await home.MigratedContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.True(File.Exists(home.DatabaseFile));
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        using var home = new TestHome();
        await using (var first = await home.MigratedContextAsync()) { }
        await using var second = await home.MigratedContextAsync();
        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }
}

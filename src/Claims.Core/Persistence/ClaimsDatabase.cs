using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Claims.Persistence;

/// <summary>Configures <see cref="ClaimsDbContext"/> for a provider and brings a database up to date.</summary>
public static class ClaimsDatabase
{
    /// <summary>
    /// Configures the provider, the clock's timestamps and the audit witness: <paramref name="witness"/> when given
    /// (the web app's configuration), else the environment's or the default (<c>CLAIMS_HOME/audit-witness.log</c>).
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, ClaimsDatabaseSettings settings, TimeProvider time, Audit.AuditWitnessOptions? witness = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        _ = settings.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(settings.ConnectionString, o => o.MigrationsAssembly(ClaimsDatabaseSettings.SqliteMigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(ClaimsDatabaseSettings.PostgresMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Unsupported provider {settings.Provider}."),
        };
        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        if (settings.Provider == DatabaseProvider.Sqlite) builder.AddInterceptors(new SqliteBusyWait());
        builder.AddInterceptors(new TimestampInterceptor(time), new Audit.AuditWitnessInterceptor(new Audit.AuditWitness(witness ?? Audit.AuditWitnessOptions.Resolve(settings.Home))));
        return builder;
    }

    public static DbContextOptions<ClaimsDbContext> Options(ClaimsDatabaseSettings settings, TimeProvider time)
    {
        var builder = new DbContextOptionsBuilder<ClaimsDbContext>();
        Configure(builder, settings, time);
        return builder.Options;
    }

    /// <summary>
    /// Creates the database's folder (0700) and file (0600) on Unix, applies pending migrations and, on SQLite, turns on
    /// write-ahead logging.
    /// </summary>
    public static async Task MigrateAsync(ClaimsDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:")
            {
                var path = Path.GetFullPath(file);
                var folder = Path.GetDirectoryName(path);
                if (folder is not null && !Directory.Exists(folder)) PrivateFiles.Folder(folder);
                // SQLite gives the -wal and -shm files the database file's mode, so a 0600 database keeps them 0600 too.
                PrivateFiles.File(path);
                PrivateFiles.Tighten(path + "-wal");
                PrivateFiles.Tighten(path + "-shm");
            }
            // WAL lets the web app read while the CLI writes; the mode is stored in the file and persists.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>
/// The model differs per provider (SQLite stores instants as integers), so one process that talks to both
/// (the migration-drift test, a copy tool) must cache one model per provider, not one per context type.
/// </summary>
internal sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
}

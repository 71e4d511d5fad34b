using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Claims.Persistence;

/// <summary>Which database engine holds the data.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives. <c>CLAIMS_HOME</c> (default <c>./.claims</c>) holds <c>claims.db</c> and the development
/// key ring, so the CLI and the web app see the same data; <c>CLAIMS_DB</c> (a connection string or a file path)
/// overrides the database; <c>CLAIMS_DB_PROVIDER</c> (or <c>Database:Provider</c>) picks Sqlite or Postgres.
/// </summary>
public sealed record ClaimsDatabaseSettings(DatabaseProvider Provider, string ConnectionString, string Home)
{
    public const string SqliteMigrationsAssembly = "Claims.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Claims.Migrations.Postgres";

    /// <summary>Settings from explicit values (configuration), falling back to the environment, then defaults.</summary>
    public static ClaimsDatabaseSettings Resolve(string? home = null, string? database = null, string? provider = null)
    {
        home ??= Environment.GetEnvironmentVariable("CLAIMS_HOME");
        database ??= Environment.GetEnvironmentVariable("CLAIMS_DB");
        provider ??= Environment.GetEnvironmentVariable("CLAIMS_DB_PROVIDER");
        home = Path.GetFullPath(string.IsNullOrWhiteSpace(home) ? DefaultHome(Directory.GetCurrentDirectory()) : home);

        var kind = string.IsNullOrWhiteSpace(provider)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) ? parsed
            : provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase) || provider.Equals("npgsql", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres
            : throw new InvalidOperationException($"Unknown database provider '{provider}': use Sqlite or Postgres.");

        if (kind == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(database) || !database.Contains('=', StringComparison.Ordinal))
                throw new InvalidOperationException("The Postgres provider needs CLAIMS_DB (or Database:ConnectionString) set to an Npgsql connection string.");
            return new(kind, database, home);
        }

        var connection = string.IsNullOrWhiteSpace(database)
            ? SqliteFile(Path.Combine(home, "claims.db"))
            : database.Contains('=', StringComparison.Ordinal) ? database : SqliteFile(Path.GetFullPath(database));
        return new(kind, connection, home);
    }

    /// <summary>
    /// <c>./.claims</c>, anchored at the checkout's root when run from inside one: <c>dotnet run --project</c> starts
    /// each program in its own project folder, and the CLI and the web app must still share one database.
    /// </summary>
    public static string DefaultHome(string currentDirectory)
    {
        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Claims.sln"))) return Path.Combine(dir.FullName, ".claims");
        }
        return Path.Combine(currentDirectory, ".claims");
    }

    /// <summary>A SQLite connection string for a file; shared cache off, pooling on, a generous busy timeout.</summary>
    public static string SqliteFile(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
}

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
/// Files that hold PHI or keys (the SQLite database and its -wal/-shm, the key ring, the audit witness, data-protection
/// keys) are readable by their owner only on Unix: 0600 files in 0700 folders, whatever the umask. HIPAA 164.312(a)(1):
/// another account on the host must not read the database or the keys beside it. Windows relies on the folder's ACL.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder (and its parents) if missing; the folder itself ends up 0700.</summary>
    public static string Folder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        Directory.CreateDirectory(path, OwnerFolder);
        Tighten(path);
        return path;
    }

    /// <summary>Creates an empty file with mode 0600 if missing, or takes group and other bits off an existing one.</summary>
    public static void File(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile })) { }
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            Tighten(path);
        }
    }

    /// <summary>Takes group and other permission bits off a file or folder that exists; nothing when it does not.</summary>
    public static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path)) return;
        var mode = System.IO.File.GetUnixFileMode(path);
        if ((mode & Others) != 0) System.IO.File.SetUnixFileMode(path, mode & ~Others);
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

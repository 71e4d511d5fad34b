using Microsoft.Data.Sqlite;

namespace Claims.Persistence;

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

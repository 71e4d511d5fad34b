using Claims.Persistence;
using Claims.Security;

namespace Claims.Cli.Commands;

/// <summary>
/// A scratch database for a benchmark, never the user's: a SQLite file in a temporary folder, or a new PostgreSQL
/// database (named claims_bench_...) on the server that <c>--postgres</c>, <c>CLAIMS_BENCH_POSTGRES</c> or
/// <c>CLAIMS_TEST_POSTGRES</c> names, dropped afterwards. With <c>encrypt</c> it gets a scratch key ring in the folder.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private BenchDatabase(DirectoryInfo folder, ClaimsDatabaseSettings settings, IKeyRing? keyRing, TimeProvider time)
    {
        _folder = folder;
        Settings = settings;
        KeyRing = keyRing;
        Time = time;
    }

    public ClaimsDatabaseSettings Settings { get; }

    public IKeyRing? KeyRing { get; }

    public TimeProvider Time { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public static DatabaseProvider ParseProvider(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new UsageException("--provider is sqlite or postgres."),
    };

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgres, bool encrypt, TimeProvider time, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("claims-bench-");
        string connection;
        if (provider == DatabaseProvider.Postgres)
        {
            var server = postgres ?? Environment.GetEnvironmentVariable("CLAIMS_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(server)) throw new UsageException("--provider postgres needs --postgres CONNECTION (or CLAIMS_BENCH_POSTGRES) naming a server where a scratch database may be created.");
            connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "claims_bench_" + Guid.NewGuid().ToString("N")[..12], MaxPoolSize = 60 }.ToString();
        }
        else
        {
            connection = ClaimsDatabaseSettings.SqliteFile(Path.Combine(folder.FullName, "bench.db"));
        }
        var bench = new BenchDatabase(folder, new ClaimsDatabaseSettings(provider, connection, folder.FullName), encrypt ? FileKeyRing.Open(folder.FullName) : null, time);
        await using var db = bench.NewContext();
        await ClaimsDatabase.MigrateAsync(db, ct);
        return bench;
    }

    public ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(Settings, Time), KeyRing, Time);

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var db = NewContext();
            await db.Database.EnsureDeletedAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        _folder.Delete(recursive: true);
    }
}

using Claims.Persistence;
using Claims.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Testing;

/// <summary>A fresh CLAIMS_HOME in a temp folder with a real SQLite file; deleted afterwards.</summary>
public sealed class TestHome : IDisposable
{
    public TestHome()
    {
        Home = Path.Combine(Path.GetTempPath(), "claims-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        Settings = new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(Home, "claims.db")), Home);
    }

    public string Home { get; }

    public ClaimsDatabaseSettings Settings { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public string DatabaseFile => Path.Combine(Home, "claims.db");

    private FileKeyRing? _keyRing;

    /// <summary>The development key ring in this home (created on first use).</summary>
    public FileKeyRing KeyRing => _keyRing ??= FileKeyRing.Open(Home);

    /// <summary>Runs the command line on this home's database and clock.</summary>
    public Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args) => CliRunner.RunAsync(() => Settings, Time, args);

    public ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(Settings, Time), KeyRing, Time);

    public async Task<ClaimsDbContext> MigratedContextAsync()
    {
        var db = NewContext();
        await ClaimsDatabase.MigrateAsync(db);
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finaliser; the temp folder is cleaned by the OS.
        }
    }
}

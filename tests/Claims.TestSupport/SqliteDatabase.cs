using Claims.Domain;
using Claims.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Testing;

/// <summary>A real SQLite file in its own temporary folder, migrated, with one clinic; deleted on dispose.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private SqliteDatabase(DirectoryInfo folder, ClaimsDatabaseSettings settings, FakeTimeProvider time)
    {
        Folder = folder;
        Settings = settings;
        Time = time;
    }

    public DirectoryInfo Folder { get; }

    public ClaimsDatabaseSettings Settings { get; }

    public FakeTimeProvider Time { get; }

    public Clinic Clinic { get; private set; } = null!;

    public static async Task<SqliteDatabase> CreateAsync(bool withClinic = true)
    {
        var folder = Directory.CreateTempSubdirectory("claims-intake-tests-");
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(folder.FullName, "claims.db")), folder.FullName);
        var database = new SqliteDatabase(folder, settings, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)));
        await using var db = database.Open();
        await ClaimsDatabase.MigrateAsync(db);
        if (withClinic)
        {
            database.Clinic = new Clinic("Test Clinic", Npi.FromBase(123_456_789), "123456789");
            db.Clinics.Add(database.Clinic);
            await db.SaveChangesAsync();
        }
        return database;
    }

    public ClaimsDbContext Open() => new(ClaimsDatabase.Options(Settings, Time));

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A test that failed mid-way may still hold the file; the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}

using BenchmarkDotNet.Attributes;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Microsoft.Data.Sqlite;

namespace Claims.Benchmarks;

/// <summary>
/// The Synthea fixtures through the raw Firely parse and through full intake (parse, map, store in SQLite).
/// Each intake invocation uses a fresh clinic, so every bundle is new work rather than a duplicate.
/// Run: <c>dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*Intake*'</c>.
/// </summary>
[MemoryDiagnoser]
public class IntakeBenchmarks
{
    private List<byte[]> _bundles = [];
    private DirectoryInfo? _folder;
    private ClaimsDatabaseSettings? _settings;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindFixtures();
        _bundles = Directory.EnumerateFiles(Path.Combine(root, "synthea"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        _folder = Directory.CreateTempSubdirectory("claims-bdn-");
        _settings = new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(_folder.FullName, "bench.db")), _folder.FullName);
        using var db = new ClaimsDbContext(ClaimsDatabase.Options(_settings, TimeProvider.System));
        ClaimsDatabase.MigrateAsync(db).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _folder?.Delete(recursive: true);
    }

    /// <summary>The Firely SDK 6 deserializer alone over every Synthea fixture.</summary>
    [Benchmark(Baseline = true)]
    public int FirelyParse()
    {
        var resources = 0;
        foreach (var bundle in _bundles) resources += FhirParse.CountResources(bundle);
        return resources;
    }

    /// <summary>Parse, validate, map and store every Synthea fixture for a new clinic.</summary>
    [Benchmark]
    public async Task<int> Intake()
    {
        await using var db = new ClaimsDbContext(ClaimsDatabase.Options(_settings!, TimeProvider.System));
        var clinic = new Clinic("Bench " + Guid.NewGuid().ToString("N"), Npi.FromBase(123_456_789), "000000000");
        db.Clinics.Add(clinic);
        await db.SaveChangesAsync();
        var claims = 0;
        foreach (var bundle in _bundles)
        {
            using var stream = new MemoryStream(bundle, writable: false);
            claims += (await BundleIntake.IngestAsync(db, clinic.Id, stream, Caller.FromCli(new Actor("bench", ClaimRole.Clinic)), TimeProvider.System.GetUtcNow(), IntakeLimits.Default)).CreatedClaimIds.Count;
        }
        return claims;
    }

    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fixtures", "fhir");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("fixtures/fhir not found above the benchmark binaries.");
    }
}

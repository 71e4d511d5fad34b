using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Claims.Demo;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Claims.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.Benchmarks;

/// <summary>
/// Reading and posting one 835 of 100,000 claim payments (one transaction set, as some payers send them) against
/// 100,000 Accepted claims bulk-seeded with <see cref="BulkDemoSeeder"/>, beside reading and balancing the same file
/// alone. Each posting iteration starts from a copy of the seeded database (posting is idempotent: the same file on the
/// same database would post nothing). Aims: posting >= 5,000 claims/s, reading >= 50 MB/s. The peak working set during
/// the timed work is sampled every 20 ms and printed with the rates.
/// Run: <c>dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*RemittancePosting*'</c>.
/// The seeded template (about 80 s to build) is kept in the temp folder between runs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OnceInProcess))]
public class RemittancePostingBenchmark
{
    /// <summary>
    /// Two timed runs, no warm-up, in this process: each posting run costs tens of seconds and its own database copy, and a
    /// generated project would rebuild the solution (over BenchmarkDotNet's build timeout on a loaded 2-core machine).
    /// </summary>
    private sealed class OnceInProcess : ManualConfig
    {
        public OnceInProcess() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(2)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
    }

    private static readonly TimeProvider Time = TimeProvider.System;
    private byte[] _file = [];
    private string _template = "";
    private string _home = "";
    private ClaimsDbContext? _db;
    private PeakSampler? _sampler;
    private Stopwatch _watch = new();

    [Params(100_000)]
    public int Claims { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Keyed by the build of Claims.Core: a template seeded under another schema would not post.
        _template = Path.Combine(Path.GetTempPath(), "claims-bench-remit", Claims.ToString(CultureInfo.InvariantCulture) + "-" + typeof(ClaimsDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]);
        var path = Path.Combine(_template, "remit.835");
        if (!File.Exists(path)) SeedAsync(_template, path).GetAwaiter().GetResult();
        _file = File.ReadAllBytes(path);
        Console.WriteLine($"// 835: {_file.Length / 1_048_576.0:0.0} MB, {Claims:N0} claims");
    }

    [IterationSetup(Target = nameof(ReadAndPost))]
    public void CopyDatabase()
    {
        _home = Path.Combine(Path.GetTempPath(), "claims-bench-remit", "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_home);
        foreach (var file in Directory.GetFiles(_template).Where(f => !f.EndsWith(".835", StringComparison.Ordinal))) File.Copy(file, Path.Combine(_home, Path.GetFileName(file)));
        CopyDirectory(Path.Combine(_template, "keys"), Path.Combine(_home, "keys"));
        _db = Open(_home);
        StartSampling();
    }

    [IterationSetup(Target = nameof(ReadOnly))]
    public void StartSampling()
    {
        GC.Collect();
        _sampler = new PeakSampler();
        _watch = Stopwatch.StartNew();
    }

    [IterationCleanup]
    public void Report()
    {
        _watch.Stop();
        var peak = _sampler!.Stop();
        var seconds = _watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {(_db is null ? "read" : "read+post")}: {seconds:0.00} s, {Claims / seconds:N0} claims/s, {_file.Length / 1_048_576.0 / seconds:0.0} MB/s, peak working set {peak / 1_048_576.0:0} MB"));
        if (_db is not null)
        {
            _db.Dispose();
            _db = null;
            SqliteConnection.ClearAllPools();
            Directory.Delete(_home, recursive: true);
        }
    }

    /// <summary>Parse every segment into records and check the three balancing rules: no database.</summary>
    [Benchmark]
    public int ReadOnly()
    {
        var claims = 0;
        foreach (var document in RemittanceFile.Read(new MemoryStream(_file, writable: false)))
        {
            var advice = (RemittanceAdvice)document;
            claims += advice.Claims.Count + RemittanceBalancing.Check(advice).Count;
        }
        return claims;
    }

    /// <summary>Read, balance, match and post: claims moved to Paid, ledger rows, postings, audit entries, one transaction.</summary>
    [Benchmark]
    public int ReadAndPost()
    {
        var posting = new RemittancePosting(_db!, Time);
        var posted = 0;
        foreach (var document in RemittanceFile.Read(new MemoryStream(_file, writable: false)))
            posted += posting.PostAsync((RemittanceAdvice)document, Caller.FromCli(new Actor("bench:biller", ClaimRole.Biller))).GetAwaiter().GetResult().Posted;
        if (posted != Claims) throw new InvalidOperationException($"posted {posted} of {Claims}");
        return posted;
    }

    private static ClaimsDbContext Open(string home)
    {
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(home, "claims.db")), home);
        return new ClaimsDbContext(ClaimsDatabase.Options(settings, Time), FileKeyRing.Open(home), Time);
    }

    private async Task SeedAsync(string home, string path)
    {
        if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        Directory.CreateDirectory(home);
        await using (var db = Open(home))
        {
            await ClaimsDatabase.MigrateAsync(db);
            await BulkDemoSeeder.SeedAsync(db, Claims, 835, Time, ["bench:coder"], everyClaimIn: ClaimState.Accepted);
            var text = new StringBuilder();
            var count = SyntheticRemittance.Write(db.Claims.AsNoTracking().OrderBy(c => c.Id).AsEnumerable(), text);
            await File.WriteAllTextAsync(path, text.ToString());
            Console.WriteLine($"// seeded {count:N0} accepted claims and wrote their 835");
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        SqliteConnection.ClearAllPools();
    }

    private static void CopyDirectory(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    /// <summary>Samples the process's working set every 20 ms on a thread of its own and keeps the highest.</summary>
    private sealed class PeakSampler
    {
        private readonly Thread _thread;
        private volatile bool _stopped;
        private long _peak;

        public PeakSampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stopped)
                {
                    Sample();
                    Thread.Sleep(20);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Stop()
        {
            _stopped = true;
            _thread.Join();
            Sample();
            return _peak;
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            _peak = Math.Max(_peak, process.WorkingSet64);
        }
    }
}

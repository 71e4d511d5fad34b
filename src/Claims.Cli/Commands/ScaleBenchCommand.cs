using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Audit;
using Claims.Coding;
using Claims.Demo;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>The figures of <c>claims bench scale</c>.</summary>
internal sealed record ScaleBenchResult(
    string Provider, int Claims, double SeedSeconds,
    int IntakeBundles, int IntakeClaims, double IntakeResourcesPerSecond, double IntakeClaimsPerSecond,
    int QueueRequests, double QueueP50Ms, double QueueP95Ms,
    int Coders, double TakeSeconds, int Takes, double TakeP50Ms, double TakeP95Ms, double TakeMaxMs, int DoubleHolds,
    int RemitClaims, int RemitPosted, double RemitSeconds, double RemitClaimsPerSecond,
    long AuditEntries, double AuditVerifySeconds, bool AuditIntact);

/// <summary>
/// <c>claims bench scale --provider sqlite|postgres --claims N</c>: N synthetic claims (<see cref="BulkDemoSeeder"/>) in a
/// scratch database with a scratch key ring, then on top of them: intake of the given bundles (encrypted, audited),
/// the work queue's first page (p50/p95), twenty coders pressing "take next" and releasing at once for a while (p95,
/// and claims seen held by two coders at once, which must be none), remittance posting (an 835 paying up to --remit of
/// the Accepted claims, read and posted by <see cref="Remittance.RemittancePosting"/>, the use case behind <c>claims remit
/// post</c>: matched, moved to Paid, ledger and audit entries, one transaction) and a full audit verify.
/// </summary>
internal static class ScaleBenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var postgres = new Option<string?>("--postgres") { Description = "Npgsql connection string of a server for the scratch database (default: CLAIMS_BENCH_POSTGRES, then CLAIMS_TEST_POSTGRES)." };
        var claims = new Option<int>("--claims") { Description = "How many claims to create first.", DefaultValueFactory = _ => 100_000 };
        var bundles = new Option<string>("--bundles") { Description = "FHIR bundles to ingest on top (a file or folder).", DefaultValueFactory = _ => Path.Combine("fixtures", "fhir", "synthea") };
        var coders = new Option<int>("--coders") { Description = "Concurrent coders for take-next.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<int>("--seconds") { Description = "How long the coders take and release claims.", DefaultValueFactory = _ => 30 };
        var remit = new Option<int>("--remit") { Description = "How many Accepted claims one 835 pays (fewer when fewer are Accepted).", DefaultValueFactory = _ => 10_000 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("scale", "Fill a scratch SQLite or PostgreSQL database with N claims, then time intake, the queue page, take-next with concurrent coders, remittance posting and audit verify.")
            { provider, postgres, claims, bundles, coders, seconds, remit, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var total = parse.GetValue(claims);
            if (total is < 100 or > 10_000_000) throw new UsageException("--claims is 100 to 10,000,000.");
            var coderCount = parse.GetValue(coders);
            if (coderCount is < 1 or > 200) throw new UsageException("--coders is 1 to 200.");
            var duration = parse.GetValue(seconds);
            if (duration is < 1 or > 3600) throw new UsageException("--seconds is 1 to 3600.");
            var paying = parse.GetValue(remit);
            if (paying is < 0 or > 1_000_000) throw new UsageException("--remit is 0 to 1,000,000.");
            var files = CliArguments.JsonFiles([parse.GetValue(bundles)!]);
            var kind = BenchDatabase.ParseProvider(parse.GetValue(provider));
            var result = await RunAsync(env, kind, parse.GetValue(postgres), total, files, coderCount, TimeSpan.FromSeconds(duration), paying, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, result);
                return ExitCodes.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn(new TableColumn(result.Provider).RightAligned());
            table.AddRow("claims seeded", string.Create(c, $"{result.Claims:N0} in {result.SeedSeconds:0.0} s"));
            table.AddRow("intake on top", string.Create(c, $"{result.IntakeBundles} bundles, {result.IntakeClaims} claims: {result.IntakeResourcesPerSecond:0} resources/s, {result.IntakeClaimsPerSecond:0} claims/s"));
            table.AddRow("queue first page", string.Create(c, $"p50 {result.QueueP50Ms:0.0} ms, p95 {result.QueueP95Ms:0.0} ms ({result.QueueRequests} requests)"));
            table.AddRow("take-next", string.Create(c, $"{result.Coders} coders, {result.Takes} takes in {result.TakeSeconds:0} s: p50 {result.TakeP50Ms:0.0} ms, p95 {result.TakeP95Ms:0.0} ms, max {result.TakeMaxMs:0} ms; double holds {result.DoubleHolds}"));
            table.AddRow("remittance posting", string.Create(c, $"{result.RemitPosted:N0} of {result.RemitClaims:N0} claims paid in one 835, read and posted in {result.RemitSeconds:0.0} s: {result.RemitClaimsPerSecond:N0} claims/s"));
            table.AddRow("audit verify", string.Create(c, $"{result.AuditEntries:N0} entries in {result.AuditVerifySeconds:0.0} s: {(result.AuditIntact ? "intact" : "BROKEN")}"));
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task<ScaleBenchResult> RunAsync(CliEnvironment env, DatabaseProvider provider, string? postgres, int total, IReadOnlyList<string> files, int coders, TimeSpan duration, int remit, CancellationToken ct)
    {
        var time = env.Time;
        await using var scratch = await BenchDatabase.CreateAsync(provider, postgres, encrypt: true, time, ct);
        var watch = Stopwatch.StartNew();
        BulkSeedResult seeded;
        await using (var db = scratch.NewContext())
        {
            seeded = await BulkDemoSeeder.SeedAsync(db, total, DemoSeeder.DefaultSeed, time, ["coder@demo.claims.local"], ct: ct);
        }
        var seedSeconds = watch.Elapsed.TotalSeconds;

        var (bundles, intakeClaims, resourcesPerSecond, claimsPerSecond) = await IntakeAsync(scratch, files, time, ct);
        var (queueRequests, queueP50, queueP95) = await QueueAsync(scratch, ct);
        var take = await TakeNextAsync(scratch, env.Scrubber, coders, duration, ct);
        var (remitClaims, posted, remitSeconds) = await RemitAsync(scratch, remit, ct);

        watch.Restart();
        AuditVerification verification;
        await using (var db = scratch.NewContext())
        {
            verification = await AuditVerifier.VerifyAsync(db, scratch.KeyRing!, ct);
        }
        return new ScaleBenchResult(provider.ToString(), seeded.Claims, seedSeconds, bundles, intakeClaims, resourcesPerSecond, claimsPerSecond,
            queueRequests, queueP50, queueP95, coders, take.Seconds, take.Takes, take.P50, take.P95, take.Max, take.DoubleHolds,
            remitClaims, posted, remitSeconds, posted / Math.Max(remitSeconds, 1e-9),
            verification.Entries, watch.Elapsed.TotalSeconds, verification.Problem is null);
    }

    private static async Task<(int Bundles, int Claims, double ResourcesPerSecond, double ClaimsPerSecond)> IntakeAsync(BenchDatabase scratch, IReadOnlyList<string> files, TimeProvider time, CancellationToken ct)
    {
        if (files.Count == 0) return (0, 0, 0, 0);
        var payloads = new List<byte[]>();
        foreach (var file in files) payloads.Add(await File.ReadAllBytesAsync(file, ct));
        await using var db = scratch.NewContext();
        var clinic = new Clinic("Scale benchmark clinic", Npi.FromBase(123_456_789), "000000000");
        db.Clinics.Add(clinic);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        int bundles = 0, claims = 0;
        long resources = 0;
        var caller = Caller.FromCli(new Actor("cli:bench", ClaimRole.Clinic));
        var watch = Stopwatch.StartNew();
        await Pipeline.RunAsync(payloads, (payload, _) => Task.FromResult(BundleIntake.Prepare(payload, BundleIntake.Today(time.GetUtcNow()))), async (_, prepared) =>
        {
            var result = await BundleIntake.IngestAsync(db, clinic.Id, prepared, caller, ct);
            if (result.Status != BundleIntakeStatus.Ingested) return;
            bundles++;
            claims += result.CreatedClaimIds.Count;
            resources += result.Resources;
        }, ct);
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        return (bundles, claims, resources / seconds, claims / seconds);
    }

    /// <summary>One 835 paying up to <paramref name="count"/> Accepted claims (written untimed), then read and posted, timed.</summary>
    private static async Task<(int Claims, int Posted, double Seconds)> RemitAsync(BenchDatabase scratch, int count, CancellationToken ct)
    {
        if (count == 0) return (0, 0, 0);
        var text = new System.Text.StringBuilder();
        int claims;
        await using (var db = scratch.NewContext())
        {
            var accepted = await db.Claims.AsNoTracking().Where(c => c.State == ClaimState.Accepted).OrderBy(c => c.Id).Take(count).ToListAsync(ct);
            claims = SyntheticRemittance.Write(accepted, text);
        }
        if (claims == 0) return (0, 0, 0);
        var file = System.Text.Encoding.ASCII.GetBytes(text.ToString());
        var watch = Stopwatch.StartNew();
        var posted = 0;
        await using (var db = scratch.NewContext())
        {
            var posting = new Remittance.RemittancePosting(db, scratch.Time);
            var caller = Caller.FromCli(new Actor("cli:bench", ClaimRole.Biller));
            foreach (var document in Remittance.RemittanceFile.Read(new MemoryStream(file, writable: false)))
            {
                if (document is Remittance.RemittanceAdvice advice) posted += (await posting.PostAsync(advice, caller, ct)).Posted;
            }
        }
        return (claims, posted, watch.Elapsed.TotalSeconds);
    }

    private static async Task<(int Requests, double P50, double P95)> QueueAsync(BenchDatabase scratch, CancellationToken ct)
    {
        const int Requests = 100;
        var times = new List<double>(Requests);
        for (var i = 0; i < Requests + 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var db = scratch.NewContext();
            _ = await WorkQueue.QueryAsync(db, new WorkQueueFilter(), WorkQueue.PageSize, ct);
            if (i >= 5) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (Requests, QueueBenchCommand.Percentile(times, 0.50), QueueBenchCommand.Percentile(times, 0.95));
    }

    private sealed record TakeFigures(double Seconds, int Takes, double P50, double P95, double Max, int DoubleHolds);

    /// <summary>
    /// Each coder, on a context of its own (as each web request has), takes the next claim and releases it, again and
    /// again. A claim a coder got while the bench still counts it as another coder's is a double hold: the bench
    /// forgets a hold before the release is saved, so a later take by someone else is never mistaken for one.
    /// </summary>
    private static async Task<TakeFigures> TakeNextAsync(BenchDatabase scratch, Scrubber scrubber, int coders, TimeSpan duration, CancellationToken ct)
    {
        var held = new ConcurrentDictionary<Guid, string>();
        var latencies = new ConcurrentBag<double>();
        var doubles = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(1, coders).Select(i => Task.Run(async () =>
        {
            var caller = Caller.FromCli(new Actor(string.Create(CultureInfo.InvariantCulture, $"bench-coder-{i}"), ClaimRole.Coder));
            while (stop.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                await using var db = scratch.NewContext();
                var claim = await new Workbench(db, scratch.Time, scrubber).TakeNextAsync(caller, ct);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (claim is null) break;
                if (!held.TryAdd(claim.Id, caller.Actor.Id)) Interlocked.Increment(ref doubles);
                // A moment "working" on it, so that a second coder given the same claim would be seen doing so.
                await Task.Delay(10, ct);
                held.TryRemove(claim.Id, out _);
                await using var release = scratch.NewContext();
                await new Workbench(release, scratch.Time, scrubber).ReleaseAsync(claim.Id, caller, cancellationToken: ct);
            }
        }, ct)));
        var sorted = latencies.ToList();
        sorted.Sort();
        return new TakeFigures(stop.Elapsed.TotalSeconds, sorted.Count, QueueBenchCommand.Percentile(sorted, 0.50), QueueBenchCommand.Percentile(sorted, 0.95), sorted[^1], doubles);
    }
}

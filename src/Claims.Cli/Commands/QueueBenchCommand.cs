using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Coding;
using Claims.Demo;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>Latency of one queue scenario, in milliseconds: the page's database work and the queue query alone.</summary>
internal sealed record QueueScenarioResult(string Scenario, int Requests, double P50Ms, double P95Ms, double MaxMs, double QueryP95Ms);

/// <summary>The figures of <c>claims bench queue</c>.</summary>
internal sealed record QueueBenchResult(int Claims, int Workable, double SeedSeconds, IReadOnlyList<QueueScenarioResult> Scenarios, QueueScenarioResult Overall);

/// <summary>
/// <c>claims bench queue</c>: N synthetic claims (<see cref="BulkDemoSeeder"/>) in a scratch home with a scratch key
/// ring, then the work-queue page's database work per request, on a fresh context as the web app has one per request:
/// the clinic and payer lists, <see cref="WorkQueue.QueryAsync"/> (count and page) and the audited read with its signed
/// checkpoint. The full page through the web host (routing, sign-in cookie, Razor) is timed by the
/// <c>QueuePageBenchmark</c> in tests/Claims.Benchmarks.
/// </summary>
internal static class QueueBenchCommand
{
    private const string Coder = "coder@demo.claims.local";

    public static Command Create(CliEnvironment env)
    {
        var claims = new Option<int>("--claims") { Description = "How many claims to create first.", DefaultValueFactory = _ => 100_000 };
        var requests = new Option<int>("--requests") { Description = "Timed requests per scenario (after 5 untimed ones).", DefaultValueFactory = _ => 60 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("queue", "Fill a scratch database with N claims, then time the work-queue page's queries per scenario (p50/p95/max).") { claims, requests, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var total = parse.GetValue(claims);
            if (total is < 100 or > 10_000_000) throw new UsageException("--claims is 100 to 10,000,000.");
            var count = parse.GetValue(requests);
            if (count is < 1 or > 100_000) throw new UsageException("--requests is 1 to 100,000.");
            var result = await RunAsync(env, total, count, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, result);
                return ExitCodes.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("scenario").AddColumn(new TableColumn("requests").RightAligned())
                .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p95 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned())
                .AddColumn(new TableColumn("query p95 ms").RightAligned());
            foreach (var s in result.Scenarios.Append(result.Overall))
            {
                table.AddRow(s.Scenario, s.Requests.ToString(c), s.P50Ms.ToString("0.0", c), s.P95Ms.ToString("0.0", c), s.MaxMs.ToString("0.0", c), s.QueryP95Ms.ToString("0.0", c));
            }
            env.Console.Write(table);
            env.Console.WriteLine(string.Create(c, $"{result.Claims:N0} claims ({result.Workable:N0} to code) written in {result.SeedSeconds:0.0} s; times are the page's database work per request (lists, count + page, audited read)."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task<QueueBenchResult> RunAsync(CliEnvironment env, int total, int requests, CancellationToken ct)
    {
        var home = Path.Combine(Path.GetTempPath(), "claims-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var scratch = new CliEnvironment(env.Out, env.Error, () => ClaimsDatabaseSettings.Resolve(home), env.Time);
        try
        {
            var watch = Stopwatch.StartNew();
            BulkSeedResult seeded;
            await using (var db = await scratch.OpenDatabaseAsync(ct))
            {
                seeded = await BulkDemoSeeder.SeedAsync(db, total, DemoSeeder.DefaultSeed, env.Time, [Coder, "coder2@demo.claims.local", "coder3@demo.claims.local"], ct: ct);
            }
            var seedSeconds = watch.Elapsed.TotalSeconds;
            var workable = WorkQueue.Workable.Sum(s => seeded.ClaimsByState[s]);

            var random = new Random(7);
            var today = DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime);
            List<string> deepCursors;
            await using (var db = NewContext(scratch))
            {
                // Cursors spread over the whole queue, found untimed with OFFSET (what keyset paging avoids).
                deepCursors = [];
                for (var i = 1; i <= 20; i++)
                {
                    var row = await db.Claims.AsNoTracking().Where(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold)
                        .OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Skip(workable * i / 21).Select(c => new { c.ServiceFrom, c.Id }).FirstAsync(ct);
                    deepCursors.Add(string.Create(CultureInfo.InvariantCulture, $"{row.ServiceFrom:yyyy-MM-dd}_{row.Id}"));
                }
            }
            (string Name, Func<WorkQueueFilter> Next)[] scenarios =
            [
                ("first page", () => new WorkQueueFilter()),
                ("by clinic", () => new WorkQueueFilter(ClinicId: seeded.ClinicIds[random.Next(seeded.ClinicIds.Count)])),
                ("by payer", () => new WorkQueueFilter(PayerId: seeded.PayerIds[random.Next(seeded.PayerIds.Count)])),
                ("by state", () => new WorkQueueFilter(State: WorkQueue.Workable[random.Next(WorkQueue.Workable.Count)])),
                ("by service dates", () =>
                {
                    var from = today.AddDays(-random.Next(14, 150));
                    return new WorkQueueFilter(From: from, To: from.AddDays(13));
                }),
                ("deep keyset page", () => new WorkQueueFilter(After: deepCursors[random.Next(deepCursors.Count)])),
                ("clinic + state + dates, deep", () =>
                {
                    var from = today.AddDays(-random.Next(30, 150));
                    return new WorkQueueFilter(seeded.ClinicIds[random.Next(seeded.ClinicIds.Count)], null, WorkQueue.Workable[random.Next(WorkQueue.Workable.Count)], from, from.AddDays(29),
                        deepCursors[random.Next(deepCursors.Count)]);
                }),
                ("held by me", () => new WorkQueueFilter { Holder = WorkQueueHolder.Mine, Me = Coder, AsOf = env.Time.GetUtcNow() }),
                ("held by nobody, newest first", () => new WorkQueueFilter { Holder = WorkQueueHolder.Unassigned, Order = WorkQueueOrder.NewestFirst, AsOf = env.Time.GetUtcNow() }),
                ("due within 30 days, age >= 30", () => new WorkQueueFilter { DueWithinDays = 30, MinAgeDays = 30, AsOf = env.Time.GetUtcNow() }),
            ];

            var results = new List<QueueScenarioResult>();
            List<double> allViews = [], allQueries = [];
            foreach (var (name, next) in scenarios)
            {
                for (var i = 0; i < 5; i++) await ViewAsync(scratch, next(), ct);
                List<double> views = [], queries = [];
                for (var i = 0; i < requests; i++)
                {
                    var (view, query) = await ViewAsync(scratch, next(), ct);
                    views.Add(view);
                    queries.Add(query);
                }
                results.Add(Summary(name, views, queries));
                allViews.AddRange(views);
                allQueries.AddRange(queries);
            }
            return new QueueBenchResult(seeded.Claims, workable, seedSeconds, results, Summary("overall", allViews, allQueries));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static ClaimsDbContext NewContext(CliEnvironment scratch) => new(ClaimsDatabase.Options(scratch.Settings, scratch.Time), scratch.KeyRing, scratch.Time);

    /// <summary>What the page does against the database for one GET, on its own context; returns the view's and the query's milliseconds.</summary>
    private static async Task<(double View, double Query)> ViewAsync(CliEnvironment scratch, WorkQueueFilter filter, CancellationToken ct)
    {
        var view = Stopwatch.StartNew();
        await using var db = NewContext(scratch);
        _ = await db.Clinics.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        _ = await db.Payers.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var query = Stopwatch.StartNew();
        var page = await WorkQueue.QueryAsync(db, filter, WorkQueue.PageSize, ct);
        var queryMs = query.Elapsed.TotalMilliseconds;
        db.Audit(new AuditRecord(Coder, "Coder", AuditAction.Read, "ClaimList", null, PurposeOfUse: "HPAYMT", Details: $"bench queue rows={page.Rows.Count}"));
        await db.SaveChangesAsync(ct);
        return (view.Elapsed.TotalMilliseconds, queryMs);
    }

    private static QueueScenarioResult Summary(string name, List<double> views, List<double> queries)
    {
        views.Sort();
        queries.Sort();
        return new QueueScenarioResult(name, views.Count, Percentile(views, 0.50), Percentile(views, 0.95), views[^1], Percentile(queries, 0.95));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

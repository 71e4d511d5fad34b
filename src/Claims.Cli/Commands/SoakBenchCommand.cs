using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Claims.Audit;
using Claims.Coding;
using Claims.Demo;
using Claims.Domain;
using Claims.Jobs;
using Claims.Operations.Teams;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>The figures of <c>claims bench soak</c>.</summary>
internal sealed record SoakBenchResult(
    string Provider, int Instances, int Coders, double Seconds, int WorkMilliseconds, int Claims,
    int Takes, double TakeP50Ms, double TakeP95Ms, double TakeP99Ms, double TakeMaxMs, int EmptyTakes, int Errors, int DoubleHolds,
    int JobSlots, int JobRunsSucceeded, int JobExecutions, int JobRunsExecutedTwice, int JobSlotsMissed,
    long AuditEntries, bool AuditIntact, IReadOnlyList<SoakInstanceFigures> PerInstance);

/// <summary>One instance's share of a soak.</summary>
internal sealed record SoakInstanceFigures(int Instance, int Coders, int Takes, double TakeP95Ms, int JobExecutions, int Errors);

/// <summary>What one instance process reports back to the soak: every hold it had, its take-next times, its job runs.</summary>
internal sealed record SoakInstanceReport(int Instance, List<SoakHold> Holds, List<double> TakeMs, int EmptyTakes, List<SoakJobExecution> Jobs, List<string> Errors);

/// <summary>A coder held a claim from the moment take-next returned it until the release was sent (UTC ticks).</summary>
internal sealed record SoakHold(Guid Claim, string Coder, long From, long To);

/// <summary>An instance ran a job run.</summary>
internal sealed record SoakJobExecution(Guid Run, string Job, DateTimeOffset Slot, int Instance);

/// <summary>
/// <c>claims bench soak</c>: several instances on one database, as in production behind a load balancer. It fills a
/// scratch database with claims, assigns simulated coders to every clinic (so each take-next reads the coder's
/// assignments, as a web request does), then starts N processes of this tool, each an instance with its share of the
/// coders and its own job engine loop over the jobs table (<see cref="BackgroundJobs"/>, the engine the web host
/// runs). Each coder takes the next claim, works on it for <c>--work-ms</c> on average (half to one and a half times it,
/// coders starting out of step), releases it and takes the next, for
/// <c>--seconds</c>. Afterwards it checks, from every instance's report and from the database: no claim was held by two
/// coders at once (intervals from take-next's answer to the release overlapping on one claim), every slot of the
/// heartbeat job has one run that succeeded and that exactly one instance executed, and the audit chain verifies.
/// </summary>
internal static class SoakBenchCommand
{
    private const string Heartbeat = "soak-heartbeat";

    public static Command Create(CliEnvironment env)
    {
        var provider = new Option<string>("--provider") { Description = "postgres (the point of a soak) or sqlite.", DefaultValueFactory = _ => "postgres" };
        var postgres = new Option<string?>("--postgres") { Description = "Npgsql connection string of a server for the scratch database (default: CLAIMS_BENCH_POSTGRES, then CLAIMS_TEST_POSTGRES)." };
        var instances = new Option<int>("--instances") { Description = "How many instance processes.", DefaultValueFactory = _ => 2 };
        var coders = new Option<int>("--coders") { Description = "Simulated coders, shared out among the instances.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<int>("--seconds") { Description = "How long the coders work.", DefaultValueFactory = _ => 300 };
        var work = new Option<int>("--work-ms") { Description = "How long a coder holds a claim on average (each hold is half to one and a half times it) before releasing it and taking the next.", DefaultValueFactory = _ => 1000 };
        var claims = new Option<int>("--claims") { Description = "How many claims to create first.", DefaultValueFactory = _ => 20_000 };
        var jobSeconds = new Option<int>("--job-seconds") { Description = "The heartbeat job's interval.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("soak", "Several instance processes on one scratch database: concurrent coders taking next, and a scheduled job that must run exactly once per slot.")
            { provider, postgres, instances, coders, seconds, work, claims, jobSeconds, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var options = new SoakOptions(
                BenchDatabase.ParseProvider(parse.GetValue(provider)), parse.GetValue(postgres), parse.GetValue(instances), parse.GetValue(coders),
                parse.GetValue(seconds), parse.GetValue(work), parse.GetValue(claims), parse.GetValue(jobSeconds));
            options.Validate();
            SoakBenchResult result;
            try
            {
                result = await RunAsync(env, options, token);
            }
            catch (SoakFailedException ex)
            {
                await env.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.DomainFailure;
            }
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, result);
            }
            else
            {
                Print(env, result);
            }
            // A soak that saw a double hold, a job run twice or missed, a broken chain or an error fails, so a script notices.
            return result.DoubleHolds == 0 && result.JobRunsExecutedTwice == 0 && result.JobSlotsMissed == 0 && result.AuditIntact && result.Errors == 0 ? ExitCodes.Ok : ExitCodes.DomainFailure;
        }, ct));
        return command;
    }

    /// <summary>The hidden half: one instance of a soak, started by <c>claims bench soak</c> with the database in the environment.</summary>
    public static Command CreateInstance(CliEnvironment env)
    {
        var instance = new Option<int>("--instance") { Required = true };
        var first = new Option<int>("--first-coder") { Required = true };
        var count = new Option<int>("--coders") { Required = true };
        var seconds = new Option<int>("--seconds") { Required = true };
        var work = new Option<int>("--work-ms") { Required = true };
        var jobSeconds = new Option<int>("--job-seconds") { Required = true };
        var start = new Option<long>("--start-at") { Required = true, Description = "UTC ticks at which every instance starts together." };
        var output = new Option<string>("--out") { Required = true };
        var command = new Command("soak-instance", "One instance of `claims bench soak` (started by it).") { Hidden = true };
        foreach (var option in new Option[] { instance, first, count, seconds, work, jobSeconds, start, output }) command.Options.Add(option);
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var report = await RunInstanceAsync(env, parse.GetValue(instance), parse.GetValue(first), parse.GetValue(count), TimeSpan.FromSeconds(parse.GetValue(seconds)),
                TimeSpan.FromMilliseconds(parse.GetValue(work)), TimeSpan.FromSeconds(parse.GetValue(jobSeconds)), new DateTime(parse.GetValue(start), DateTimeKind.Utc), token);
            await using var file = File.Create(parse.GetValue(output)!);
            await JsonSerializer.SerializeAsync(file, report, cancellationToken: token);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>The soak could not be run to its end (an instance failed); the message says where its logs are.</summary>
    private sealed class SoakFailedException(string message) : Exception(message);

    private sealed record SoakOptions(DatabaseProvider Provider, string? Postgres, int Instances, int Coders, int Seconds, int WorkMs, int Claims, int JobSeconds)
    {
        public void Validate()
        {
            if (Instances is < 1 or > 16) throw new UsageException("--instances is 1 to 16.");
            if (Coders < Instances || Coders > 400) throw new UsageException("--coders is at least one per instance and at most 400.");
            if (Seconds is < 5 or > 7200) throw new UsageException("--seconds is 5 to 7200.");
            if (WorkMs is < 0 or > 600_000) throw new UsageException("--work-ms is 0 to 600000.");
            if (Claims is < 100 or > 10_000_000) throw new UsageException("--claims is 100 to 10,000,000.");
            if (JobSeconds < 1 || JobSeconds > Seconds) throw new UsageException("--job-seconds is 1 to --seconds.");
        }
    }

    private static async Task<SoakBenchResult> RunAsync(CliEnvironment env, SoakOptions o, CancellationToken ct)
    {
        await using var scratch = await BenchDatabase.CreateAsync(o.Provider, o.Postgres, encrypt: true, env.Time, ct);
        var coderIds = Enumerable.Range(1, o.Coders).Select(CoderId).ToList();
        await using (var db = scratch.NewContext())
        {
            await BulkDemoSeeder.SeedAsync(db, o.Claims, DemoSeeder.DefaultSeed, scratch.Time, ["coder@demo.claims.local"], ct: ct);
            db.ChangeTracker.Clear();
            var teams = new TeamAssignments(db, scratch.Time);
            var admin = Caller.FromCli(new Actor("cli:soak", ClaimRole.Admin));
            foreach (var clinic in await db.Clinics.AsNoTracking().Select(c => c.Id).ToListAsync(ct))
            {
                foreach (var coder in coderIds) await teams.AssignAsync(coder, clinic, null, admin, ct);
            }
        }

        // The instances' reports and logs; kept when something fails, for whoever looks into it.
        var folder = Directory.CreateTempSubdirectory("claims-soak-");
        // Every instance starts its coders at the same moment, once all have started up and warmed up.
        var startAt = DateTime.UtcNow.AddSeconds(20 + (5 * o.Instances));
        var processes = new List<(int Instance, Process Process, string Output)>();
        var perInstance = o.Coders / o.Instances;
        for (var i = 0; i < o.Instances; i++)
        {
            var first = (i * perInstance) + 1;
            var count = i == o.Instances - 1 ? o.Coders - (perInstance * i) : perInstance;
            var output = Path.Combine(folder.FullName, string.Create(CultureInfo.InvariantCulture, $"instance-{i + 1}.json"));
            processes.Add((i + 1, StartInstance(scratch, i + 1, first, count, o, startAt, output), output));
        }
        var reports = new List<SoakInstanceReport>();
        foreach (var (instance, process, output) in processes)
        {
            using (process)
            {
                await process.WaitForExitAsync(ct);
                if (process.ExitCode != 0 || !File.Exists(output))
                {
                    throw new SoakFailedException(string.Create(CultureInfo.InvariantCulture, $"Soak instance {instance} exited with code {process.ExitCode}; its output is in {folder.FullName}."));
                }
            }
            await using var file = File.OpenRead(output);
            reports.Add((await JsonSerializer.DeserializeAsync<SoakInstanceReport>(file, cancellationToken: ct))!);
        }
        var result = await CheckAsync(scratch, o, reports, ct);
        folder.Delete(recursive: true);
        return result;
    }

    private static string CoderId(int n) => string.Create(CultureInfo.InvariantCulture, $"soak-coder-{n:000}@bench.claims.local");

    private static Process StartInstance(BenchDatabase scratch, int instance, int first, int count, SoakOptions o, DateTime startAt, string output)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new SoakFailedException("The path of this program is unknown, so no instance can be started."),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started as `dotnet claims.dll`: the instance is started the same way.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(typeof(SoakBenchCommand).Assembly.Location);
        var c = CultureInfo.InvariantCulture;
        foreach (var arg in new[]
        {
            "bench", "soak-instance", "--instance", instance.ToString(c), "--first-coder", first.ToString(c), "--coders", count.ToString(c),
            "--seconds", o.Seconds.ToString(c), "--work-ms", o.WorkMs.ToString(c), "--job-seconds", o.JobSeconds.ToString(c),
            "--start-at", startAt.Ticks.ToString(c), "--out", output,
        })
        {
            start.ArgumentList.Add(arg);
        }
        // The instance finds the scratch database and its key ring the way every instance finds its own: in its environment.
        start.Environment["CLAIMS_HOME"] = scratch.Settings.Home;
        start.Environment["CLAIMS_DB"] = scratch.Settings.ConnectionString;
        start.Environment["CLAIMS_DB_PROVIDER"] = scratch.Provider.ToString();
        var process = Process.Start(start) ?? throw new SoakFailedException("An instance process did not start.");
        var log = output + ".log";
        // Both streams are read at once: read one after the other, an instance filling the unread pipe would stall.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        _ = Task.Run(async () => await File.WriteAllTextAsync(log, await stdout + await stderr));
        return process;
    }

    private static async Task<SoakInstanceReport> RunInstanceAsync(CliEnvironment env, int instance, int firstCoder, int coders, TimeSpan duration, TimeSpan work, TimeSpan jobInterval, DateTime startAt, CancellationToken ct)
    {
        var holds = new List<SoakHold>();
        var takes = new List<double>();
        var jobs = new List<SoakJobExecution>();
        var errors = new List<string>();
        var empty = 0;
        var gate = new Lock();
        var scrubber = env.Scrubber;

        // Warm up (connection pool, EF's query cache, the JIT) before the clock starts: one look at the queue per coder.
        await using (var warm = await env.OpenDatabaseAsync(ct))
        {
            // The one migration check of this process; every later context is opened without it.
            _ = await WorkQueue.QueryAsync(warm, new WorkQueueFilter(), WorkQueue.PageSize, ct);
        }
        // And one take-next and release by the instance's first coder, so no measured take pays for compiling that path:
        // an instance serves for days, its first request once.
        var warmCaller = new Caller(new Actor(CoderId(firstCoder), ClaimRole.Coder), new AuditOrigin("soak", null));
        Claim? warmed;
        await using (var warm = env.OpenMigratedDatabase()) warmed = await new Workbench(warm, env.Time, scrubber).TakeNextAsync(warmCaller, ct);
        if (warmed is not null)
        {
            await using var warm = env.OpenMigratedDatabase();
            await new Workbench(warm, env.Time, scrubber).ReleaseAsync(warmed.Id, warmCaller, cancellationToken: ct);
        }
        var wait = startAt - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
        var stopAt = startAt + duration;

        async Task CoderAsync(int n)
        {
            var caller = new Caller(new Actor(CoderId(n), ClaimRole.Coder), new AuditOrigin("soak", null));
            // Coders do not work in step: each starts at its own moment within the first hold and holds each claim for
            // between half and one and a half times --work-ms (seeded per coder, so a rerun is the same). Twenty coders
            // started at one instant and holding exactly alike would press "take next" together every cycle, a
            // synchronised burst no real team produces.
            var random = new Random(n);
            TimeSpan Hold() => work * (0.5 + random.NextDouble());
            await Task.Delay(work * random.NextDouble(), ct);
            while (DateTime.UtcNow < stopAt && !ct.IsCancellationRequested)
            {
                try
                {
                    var watch = Stopwatch.StartNew();
                    Claim? claim;
                    await using (var db = env.OpenMigratedDatabase())
                    {
                        claim = await new Workbench(db, env.Time, scrubber).TakeNextAsync(caller, ct);
                    }
                    var took = watch.Elapsed.TotalMilliseconds;
                    var from = DateTime.UtcNow.Ticks;
                    lock (gate) takes.Add(took);
                    if (claim is null)
                    {
                        lock (gate) empty++;
                        await Task.Delay(Hold(), ct);
                        continue;
                    }
                    await Task.Delay(Hold(), ct);
                    var to = DateTime.UtcNow.Ticks;
                    lock (gate) holds.Add(new SoakHold(claim.Id, caller.Actor.Id, from, to));
                    await using var release = env.OpenMigratedDatabase();
                    await new Workbench(release, env.Time, scrubber).ReleaseAsync(claim.Id, caller, cancellationToken: ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    lock (gate) errors.Add(ex.GetType().Name);
                }
            }
        }

        async Task JobEngineAsync()
        {
            // The web host's engine, ticking every second: create the slot's run unless it exists, claim what is due, run, finish.
            var schedule = new JobSchedule(Heartbeat, jobInterval);
            var name = string.Create(CultureInfo.InvariantCulture, $"soak-{instance}:{Environment.ProcessId}");
            while (DateTime.UtcNow < stopAt && !ct.IsCancellationRequested)
            {
                try
                {
                    await using (var db = env.OpenMigratedDatabase()) await BackgroundJobs.ScheduleAsync(db, [schedule], env.Time.GetUtcNow(), ct);
                    while (true)
                    {
                        JobRun? run;
                        await using (var db = env.OpenMigratedDatabase()) run = await BackgroundJobs.ClaimNextAsync(db, [schedule], name, env.Time.GetUtcNow(), ct);
                        if (run is null) break;
                        lock (gate) jobs.Add(new SoakJobExecution(run.Id, run.Job, run.DueAt, instance));
                        // The heartbeat's work: a real read, the size of the coding queue.
                        int waiting;
                        await using (var db = env.OpenMigratedDatabase()) waiting = await db.Claims.CountAsync(c => c.State == ClaimState.Received, ct);
                        await using (var db = env.OpenMigratedDatabase())
                        {
                            await BackgroundJobs.FinishAsync(db, schedule, run.Id, name, env.Time.GetUtcNow(), true, string.Create(CultureInfo.InvariantCulture, $"received={waiting}"), ct);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    lock (gate) errors.Add("job:" + ex.GetType().Name);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }

        var tasks = Enumerable.Range(firstCoder, coders).Select(n => Task.Run(() => CoderAsync(n), ct)).Append(Task.Run(JobEngineAsync, ct));
        await Task.WhenAll(tasks);
        return new SoakInstanceReport(instance, holds, takes, empty, jobs, errors);
    }

    private static async Task<SoakBenchResult> CheckAsync(BenchDatabase scratch, SoakOptions o, List<SoakInstanceReport> reports, CancellationToken ct)
    {
        var takes = reports.SelectMany(r => r.TakeMs).Order().ToList();
        if (takes.Count == 0) throw new SoakFailedException("No coder took anything.");
        // Two holds of one claim overlap when one began before the other ended: two coders held it at once.
        var doubles = 0;
        foreach (var claim in reports.SelectMany(r => r.Holds).GroupBy(h => h.Claim))
        {
            var ordered = claim.OrderBy(h => h.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].From < ordered[i - 1].To) doubles++;
            }
        }
        var executions = reports.SelectMany(r => r.Jobs).ToList();
        await using var db = scratch.NewContext();
        var runs = await db.JobRuns.AsNoTracking().Where(r => r.Job == Heartbeat).ToListAsync(ct);
        var slots = runs.Select(r => r.DueAt).Distinct().Order().ToList();
        var interval = TimeSpan.FromSeconds(o.JobSeconds);
        var missed = slots.Count == 0 ? 1 : (int)Math.Round((slots[^1] - slots[0]) / interval) + 1 - slots.Count;
        var verification = await AuditVerifier.VerifyAsync(db, scratch.KeyRing!, ct);
        var per = reports.OrderBy(r => r.Instance).Select(r =>
        {
            var sorted = r.TakeMs.Order().ToList();
            return new SoakInstanceFigures(r.Instance, r.Holds.Select(h => h.Coder).Distinct().Count(), sorted.Count, sorted.Count == 0 ? 0 : QueueBenchCommand.Percentile(sorted, 0.95), r.Jobs.Count, r.Errors.Count);
        }).ToList();
        return new SoakBenchResult(
            scratch.Provider.ToString(), o.Instances, o.Coders, o.Seconds, o.WorkMs, o.Claims,
            takes.Count, QueueBenchCommand.Percentile(takes, 0.50), QueueBenchCommand.Percentile(takes, 0.95), QueueBenchCommand.Percentile(takes, 0.99), takes[^1],
            reports.Sum(r => r.EmptyTakes), reports.Sum(r => r.Errors.Count), doubles,
            slots.Count, runs.Count(r => r.Status == JobRunStatus.Succeeded), executions.Count, executions.GroupBy(e => e.Run).Count(g => g.Count() > 1), missed,
            verification.Entries, verification.Problem is null, per);
    }

    private static void Print(CliEnvironment env, SoakBenchResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn(new TableColumn(r.Provider).RightAligned());
        table.AddRow("set-up", string.Create(c, $"{r.Instances} instances, {r.Coders} coders, {r.Seconds:0} s, claims held {r.WorkMilliseconds / 2}-{r.WorkMilliseconds * 3 / 2} ms (mean {r.WorkMilliseconds}), {r.Claims:N0} claims"));
        table.AddRow("take-next", string.Create(c, $"{r.Takes:N0} takes: p50 {r.TakeP50Ms:0.0} ms, p95 {r.TakeP95Ms:0.0} ms, p99 {r.TakeP99Ms:0.0} ms, max {r.TakeMaxMs:0} ms ({r.EmptyTakes} found nothing)"));
        table.AddRow("claims held by two coders at once", r.DoubleHolds.ToString(c));
        table.AddRow("heartbeat job", string.Create(c, $"{r.JobSlots} slots, {r.JobRunsSucceeded} runs succeeded, {r.JobExecutions} executions, {r.JobRunsExecutedTwice} run twice, {r.JobSlotsMissed} slots missed"));
        table.AddRow("audit verify", string.Create(c, $"{r.AuditEntries:N0} entries: {(r.AuditIntact ? "intact" : "BROKEN")}"));
        table.AddRow("errors", r.Errors.ToString(c));
        foreach (var i in r.PerInstance)
        {
            table.AddRow(string.Create(c, $"instance {i.Instance}"), string.Create(c, $"{i.Coders} coders, {i.Takes:N0} takes, p95 {i.TakeP95Ms:0.0} ms, {i.JobExecutions} job runs, {i.Errors} errors"));
        }
        env.Console.Write(table);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>The figures of <c>claims bench ingest</c>.</summary>
internal sealed record IngestBenchResult(
    string Provider, int Files, int Rounds, int Bundles, long Resources, int Claims, int Rejected,
    double ParseSeconds, double ParseBundlesPerSecond, double ParseResourcesPerSecond,
    double IntakeSeconds, double IntakeBundlesPerSecond, double IntakeResourcesPerSecond, double IntakeClaimsPerSecond,
    double IntakeToParseRatio);

/// <summary>
/// <c>claims bench ingest DIR</c>: the raw Firely parse rate of the files (one thread, as a parser is used), then
/// full intake as <c>claims ingest</c> runs it (parse and map the next bundle while this one is stored, in a fresh
/// SQLite file in a temporary folder or a scratch PostgreSQL database, <see cref="BenchDatabase"/>) over the same files in the same run, the
/// two timed in turns round by round. Files are read into memory first, so disk reads are out of both figures. Each round ingests for a new clinic, so every round is new work. The
/// user's own database is never touched.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("bench", "Benchmark scenarios.");
        var dir = new Argument<string[]>("paths") { Description = "Bundle files or directories.", Arity = ArgumentArity.OneOrMore };
        var rounds = new Option<int>("--rounds") { Description = "How many times to go through the files (after one warm-up round).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var encrypt = new Option<bool>("--encrypt") { Description = "Give the scratch database a scratch key ring: PHI is encrypted (and audit checkpoints signed), as in production." };
        var provider = new Option<string>("--provider") { Description = "sqlite (a scratch file, the default) or postgres (a scratch database on the --postgres server).", DefaultValueFactory = _ => "sqlite" };
        var postgres = new Option<string?>("--postgres") { Description = "An Npgsql connection string to a server where a scratch database may be created (default: CLAIMS_BENCH_POSTGRES, then CLAIMS_TEST_POSTGRES)." };
        var ingest = new Command("ingest", "Intake rate (bundles/s, resources/s, claims/s) beside the raw Firely parse rate of the same files.") { dir, rounds, json, encrypt, provider, postgres };
        ingest.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var files = CliArguments.JsonFiles(parse.GetValue(dir)!);
            if (files.Count == 0) throw new UsageException("No .json files to benchmark.");
            var times = parse.GetValue(rounds);
            if (times is < 1 or > 1000) throw new UsageException("--rounds is 1 to 1000.");
            var kind = BenchDatabase.ParseProvider(parse.GetValue(provider));
            var result = await RunAsync(files, times, env.Time, token, parse.GetValue(encrypt), kind, parse.GetValue(postgres));
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, result);
                return ExitCodes.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("seconds").RightAligned())
                .AddColumn(new TableColumn("bundles/s").RightAligned()).AddColumn(new TableColumn("resources/s").RightAligned()).AddColumn(new TableColumn("claims/s").RightAligned());
            table.AddRow("Firely parse", result.ParseSeconds.ToString("0.000", c), result.ParseBundlesPerSecond.ToString("0.0", c), result.ParseResourcesPerSecond.ToString("0", c), "");
            table.AddRow("intake (parse+map+store)", result.IntakeSeconds.ToString("0.000", c), result.IntakeBundlesPerSecond.ToString("0.0", c), result.IntakeResourcesPerSecond.ToString("0", c), result.IntakeClaimsPerSecond.ToString("0", c));
            env.Console.Write(table);
            env.Console.WriteLine(string.Create(c, $"{result.Provider}: {result.Files} file(s) x {result.Rounds} round(s): {result.Resources} resource(s), {result.Claims} claim(s), {result.Rejected} rejected; intake runs at {result.IntakeToParseRatio:P0} of the parse rate."));
            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(ingest);
        command.Subcommands.Add(AuditBenchCommand.Create(env));
        command.Subcommands.Add(RotateBenchCommand.Create(env));
        command.Subcommands.Add(QueueBenchCommand.Create(env));
        command.Subcommands.Add(ScaleBenchCommand.Create(env));
        command.Subcommands.Add(SoakBenchCommand.Create(env));
        command.Subcommands.Add(SoakBenchCommand.CreateInstance(env));
        return command;
    }

    public static async Task<IngestBenchResult> RunAsync(IReadOnlyList<string> files, int rounds, TimeProvider time, CancellationToken ct, bool encrypt = false, DatabaseProvider provider = DatabaseProvider.Sqlite, string? postgres = null)
    {
        var payloads = new List<byte[]>(files.Count);
        foreach (var file in files) payloads.Add(await File.ReadAllBytesAsync(file, ct));

        // An untimed round each warms up the JIT, Firely's model inspector and EF Core's query cache.
        foreach (var payload in payloads) _ = FhirParse.CountResources(payload);

        // Without a key ring intake stores no PHI at all; with one (never the real one) it encrypts it.
        await using var scratch = await BenchDatabase.CreateAsync(provider, postgres, encrypt, time, ct);
        await using var db = scratch.NewContext();
        await IngestRoundAsync(db, payloads, 0, time, ct);

        // The two are timed in turns, a parse pass then an intake round, each round, so a machine that speeds up or
        // slows down during the run (tiered JIT, a neighbour on a shared host) weighs on both figures alike.
        int bundles = 0, claims = 0, rejected = 0, parsed = 0;
        long intakeResources = 0, resources = 0;
        double parseSeconds = 0, intakeSeconds = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var pass = TimeParse(payloads);
            parseSeconds += pass.Seconds;
            resources += pass.Resources;
            parsed += pass.Parsed;
            var watch = Stopwatch.StartNew();
            var (b, c, r, res) = await IngestRoundAsync(db, payloads, round, time, ct);
            intakeSeconds += watch.Elapsed.TotalSeconds;
            bundles += b;
            claims += c;
            rejected += r;
            intakeResources += res;
        }
        var parseRate = resources / Math.Max(parseSeconds, 1e-9);
        var intakeRate = intakeResources / Math.Max(intakeSeconds, 1e-9);
        return new IngestBenchResult(
            provider.ToString(), files.Count, rounds, bundles, intakeResources, claims, rejected,
            parseSeconds, parsed / Math.Max(parseSeconds, 1e-9), parseRate,
            intakeSeconds, bundles / Math.Max(intakeSeconds, 1e-9), intakeRate, claims / Math.Max(intakeSeconds, 1e-9),
            intakeRate / Math.Max(parseRate, 1e-9));
    }

    /// <summary>One timed parse pass over every file.</summary>
    private static (double Seconds, long Resources, int Parsed) TimeParse(List<byte[]> payloads)
    {
        var watch = Stopwatch.StartNew();
        long resources = 0;
        var parsed = 0;
        foreach (var payload in payloads)
        {
            var count = FhirParse.CountResources(payload);
            if (count < 0) continue;
            resources += count;
            parsed++;
        }
        return (watch.Elapsed.TotalSeconds, resources, parsed);
    }

    /// <summary>Every file once, for a clinic of its own, through the same pipeline as <c>claims ingest</c>.</summary>
    private static async Task<(int Bundles, int Claims, int Rejected, long Resources)> IngestRoundAsync(ClaimsDbContext db, List<byte[]> payloads, int round, TimeProvider time, CancellationToken ct)
    {
        var clinic = new Clinic(string.Create(CultureInfo.InvariantCulture, $"Benchmark clinic {round}"), Npi.FromBase(123_456_789), "000000000");
        db.Clinics.Add(clinic);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        int bundles = 0, claims = 0, rejected = 0;
        long resources = 0;
        await Pipeline.RunAsync(payloads, (payload, _) => Task.FromResult(BundleIntake.Prepare(payload, BundleIntake.Today(time.GetUtcNow()))), async (_, prepared) =>
        {
            var result = await BundleIntake.IngestAsync(db, clinic.Id, prepared, Caller.FromCli(new Actor("cli:bench", ClaimRole.Clinic)), ct);
            if (result.IsRejected)
            {
                rejected++;
                return;
            }
            bundles++;
            resources += result.Resources;
            claims += result.CreatedClaimIds.Count;
        }, ct);
        return (bundles, claims, rejected, resources);
    }
}

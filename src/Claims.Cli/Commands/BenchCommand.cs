using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Claims;
using Claims.Intake;
using Claims.Persistence;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>The figures of <c>claims bench ingest</c>.</summary>
internal sealed record IngestBenchResult(
    int Files, int Bundles, long Resources, int Claims, int Rejected,
    double ParseSeconds, double ParseBundlesPerSecond, double ParseResourcesPerSecond,
    double IntakeSeconds, double IntakeBundlesPerSecond, double IntakeResourcesPerSecond, double IntakeClaimsPerSecond,
    double IntakeToParseRatio);

/// <summary>
/// <c>claims bench ingest DIR</c>: the raw Firely parse rate of the files, then full intake (parse, map, store
/// in a fresh SQLite file in a temporary folder) of the same files in the same run. Files are read into memory
/// first, so disk speed is out of both figures. The user's own database is never touched.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("bench", "Benchmark scenarios.");
        var dir = new Argument<string[]>("paths") { Description = "Bundle files or directories.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var ingest = new Command("ingest", "Intake rate (bundles/s, resources/s, claims/s) beside the raw Firely parse rate of the same files.") { dir, json };
        ingest.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var files = IngestCommand.Files(parse.GetValue(dir)!);
            if (files.Count == 0) throw new UsageException("No .json files to benchmark.");
            var result = await RunAsync(files, env.Time, token);
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
            env.Console.WriteLine(string.Create(c, $"{result.Files} file(s), {result.Resources} resource(s), {result.Claims} claim(s), {result.Rejected} rejected; intake runs at {result.IntakeToParseRatio:P0} of the parse rate."));
            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(ingest);
        return command;
    }

    public static async Task<IngestBenchResult> RunAsync(IReadOnlyList<string> files, TimeProvider time, CancellationToken ct)
    {
        var payloads = new List<byte[]>(files.Count);
        foreach (var file in files) payloads.Add(await File.ReadAllBytesAsync(file, ct));

        _ = FhirParse.CountResources(payloads[0]); // warm-up: JIT and the model inspector
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
        var parseSeconds = watch.Elapsed.TotalSeconds;

        var folder = Directory.CreateTempSubdirectory("claims-bench-");
        try
        {
            var settings = new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(folder.FullName, "bench.db")), folder.FullName);
            await using var db = new ClaimsDbContext(ClaimsDatabase.Options(settings, time));
            await ClaimsDatabase.MigrateAsync(db, ct);
            var clinic = new Clinic("Benchmark clinic", Npi.FromBase(123_456_789), "000000000");
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(ct);

            int bundles = 0, claims = 0, rejected = 0;
            long intakeResources = 0;
            watch.Restart();
            foreach (var payload in payloads)
            {
                using var stream = new MemoryStream(payload, writable: false);
                var result = await BundleIntake.IngestAsync(db, clinic.Id, stream, ct);
                if (result.IsRejected)
                {
                    rejected++;
                    continue;
                }
                bundles++;
                intakeResources += result.Resources;
                claims += result.CreatedClaimIds.Count;
            }
            var intakeSeconds = watch.Elapsed.TotalSeconds;
            var parseRate = resources / Math.Max(parseSeconds, 1e-9);
            var intakeRate = intakeResources / Math.Max(intakeSeconds, 1e-9);
            return new IngestBenchResult(
                files.Count, bundles, intakeResources, claims, rejected,
                parseSeconds, parsed / Math.Max(parseSeconds, 1e-9), parseRate,
                intakeSeconds, bundles / Math.Max(intakeSeconds, 1e-9), intakeRate, claims / Math.Max(intakeSeconds, 1e-9),
                intakeRate / Math.Max(parseRate, 1e-9));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Audit;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary><c>claims bench audit</c>: appends, full verification and "who" lookups on a scratch database in a temp folder.</summary>
internal static class AuditBenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var entries = new Option<int>("--entries") { Description = "How many audit entries to append.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Entries per transaction (a bulk intake commits per bundle).", DefaultValueFactory = _ => 5_000 };
        var command = new Command("audit", "Append N audit entries in batches, verify the whole chain, and ask who accessed one patient.") { entries, batch };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var total = parse.GetValue(entries);
            var size = Math.Max(1, parse.GetValue(batch));
            var home = Path.Combine(Path.GetTempPath(), "claims-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var scratch = new CliEnvironment(env.Out, env.Error, () => ClaimsDatabaseSettings.Resolve(home), env.Time);
            try
            {
                await using var writer = await scratch.OpenDatabaseAsync(token);
                var append = Stopwatch.StartNew();
                for (var done = 0; done < total;)
                {
                    var db = writer;
                    var n = Math.Min(size, total - done);
                    for (var i = 0; i < n; i++)
                    {
                        var k = done + i;
                        db.Audit(new AuditRecord($"coder{k % 25}@bench", "Coder", (k % 5) == 0 ? AuditAction.Transition : AuditAction.Read, "Claim",
                            $"claim-{k % 50_000}", $"PT-{k % 20_000:00000000}", PurposeOfUse: "HPAYMT", Details: "bench"));
                    }
                    await db.SaveChangesAsync(token);
                    done += n;
                }
                append.Stop();

                var verify = Stopwatch.StartNew();
                AuditVerification result;
                await using (var db = await scratch.OpenDatabaseAsync(token)) result = await AuditVerifier.VerifyAsync(db, scratch.KeyRing, token);
                verify.Stop();

                var who = new List<double>();
                await using (var db = await scratch.OpenDatabaseAsync(token))
                {
                    for (var i = 0; i < 20; i++)
                    {
                        var pseudonym = $"PT-{(i * 997) % 20_000:00000000}";
                        var sw = Stopwatch.StartNew();
                        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.PatientPseudonym == pseudonym).OrderBy(e => e.Sequence)
                            .Select(e => new { e.Sequence, e.Time, e.ActorId, e.Action }).ToListAsync(token);
                        who.Add(sw.Elapsed.TotalMilliseconds);
                        _ = rows.Count;
                    }
                }
                who.Sort();
                var inv = CultureInfo.InvariantCulture;
                await env.Out.WriteLineAsync(string.Create(inv, $"audit append: {total:N0} entries in {append.Elapsed.TotalSeconds:F1} s = {total / append.Elapsed.TotalSeconds:N0} entries/s (batches of {size:N0}, one signed checkpoint per batch)"));
                await env.Out.WriteLineAsync(string.Create(inv, $"audit verify: {result.Entries:N0} entries in {verify.Elapsed.TotalSeconds:F1} s, intact={result.Intact}, {result.CheckpointsVerified} checkpoints"));
                await env.Out.WriteLineAsync(string.Create(inv, $"audit who: median {who[who.Count / 2]:F1} ms, max {who[^1]:F1} ms over 20 patients ({total / 20_000} entries each)"));
                return result.Intact ? ExitCodes.Ok : ExitCodes.DomainFailure;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(home, recursive: true); } catch (IOException) { }
            }
        }, ct));
        return command;
    }
}

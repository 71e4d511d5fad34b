using System.CommandLine;
using System.Globalization;
using Claims.Jobs;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary><c>claims jobs list [--job NAME] [--limit N] [--json]</c>: the background jobs' runs, newest slot first.</summary>
internal static class JobsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var job = new Option<string?>("--job") { Description = "Only this job's runs (mailbox-fetch, submission-batches, monthly-reports, sla-clocks, job-history-trim)." };
        var limit = new Option<int>("--limit") { Description = "At most this many runs (1 to 1000).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Machine output: a JSON array of runs." };
        var list = new Command("list", "The background jobs' history: each scheduled run, which instance ran it, attempts and outcome.") { job, limit, json };
        list.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var take = parse.GetValue(limit);
            if (take is < 1 or > 1000) throw new UsageException("--limit is 1 to 1000.");
            await using var db = await env.OpenDatabaseAsync(token);
            var runs = await JobHistory.ListAsync(db, parse.GetValue(job), take, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, runs.Select(r => new { r.Id, r.Job, r.DueAt, Status = r.Status.ToString(), r.Attempts, r.Instance, r.StartedAt, r.FinishedAt, r.Outcome }));
                return ExitCodes.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Job", "Due (UTC)", "Status").AddColumn(new TableColumn("Attempts").RightAligned()).AddColumns("Instance", "Finished (UTC)", "Outcome");
            foreach (var r in runs)
            {
                table.AddRow(Markup.Escape(r.Job), r.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", c), r.Status.ToString(), r.Attempts.ToString(c),
                    Markup.Escape(r.Instance ?? ""), r.FinishedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", c) ?? "", Markup.Escape(r.Outcome ?? ""));
            }
            env.Console.Write(table);
            env.Console.WriteLine(string.Create(c, $"{runs.Count} run(s)."));
            return ExitCodes.Ok;
        }, ct));
        return new Command("jobs", "Background jobs (mailbox fetch, scheduled submission batches): their run history.") { list };
    }
}

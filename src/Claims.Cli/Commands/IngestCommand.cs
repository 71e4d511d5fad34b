using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>One issue in the JSON summary, with FHIR's lower-case severity.</summary>
internal sealed record IssueView(string Severity, string Code, string Expression, string Message)
{
    public static IssueView From(IntakeIssue issue) => new(issue.Severity.ToString().ToLowerInvariant(), issue.Code, issue.Expression, issue.Message);
}

/// <summary>A rejected or failed file and why.</summary>
internal sealed record FileErrors(string File, IReadOnlyList<IssueView> Issues);

/// <summary>What happened to one file: ingested, duplicate, rejected or failed, with its claims and its issues.</summary>
internal sealed record FileResult(string File, string Status, int Claims, int Updated, IReadOnlyList<IssueView> Issues, int History = 0, int PastFilingLimit = 0);

/// <summary>The <c>claims ingest --json</c> summary: totals, the rejected and failed files, and every file's result.</summary>
internal sealed record IngestSummary(int Files, int Bundles, int Claims, int Updated, int Patients, int Duplicates, int Rejected, int Failed, IReadOnlyList<FileErrors> Errors, IReadOnlyList<FileResult> Results, int History = 0, int PastFilingLimit = 0);

/// <summary>
/// Runs a two-stage pipeline: items are prepared (read, parsed, mapped) in order on one thread-pool task while earlier
/// ones are stored, so parsing and database writes use both cores. The preparer may run up to <see cref="Ahead"/> items
/// ahead of the store, so a large bundle on one side and a small one on the other do not leave either side idle; at
/// most <see cref="Ahead"/> + 2 items are in memory at once. Items are stored in their order, one at a time.
/// </summary>
internal static class Pipeline
{
    /// <summary>How many prepared items may wait for the store.</summary>
    public const int Ahead = 4;

    public static async Task RunAsync<TItem, TPrepared>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TPrepared>> prepare, Func<TItem, TPrepared, Task> store, CancellationToken ct)
    {
        if (items.Count == 0) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = System.Threading.Channels.Channel.CreateBounded<TPrepared>(new System.Threading.Channels.BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in items) await ready.Writer.WriteAsync(await prepare(item, stop.Token), stop.Token);
                ready.Writer.Complete();
            }
            catch (Exception ex)
            {
                ready.Writer.Complete(ex);
            }
        }, CancellationToken.None);
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                TPrepared prepared;
                try
                {
                    prepared = await ready.Reader.ReadAsync(ct);
                }
                catch (System.Threading.Channels.ChannelClosedException closed) when (closed.InnerException is { } failed)
                {
                    // The preparer's own exception, as if prepared here.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed).Throw();
                    throw;
                }
                await store(items[i], prepared);
            }
        }
        finally
        {
            // A store that failed (or a cancelled run) stops the preparer before the pipeline returns.
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

/// <summary>
/// <c>claims ingest &lt;file|dir&gt;... [--clinic ID]</c>: FHIR R4 bundles to claims, one bundle at a time (each
/// atomic and audited by <see cref="BundleIntake"/>, as from the web), so a directory of thousands of files runs in
/// bounded memory. Every file is reported (ingested, duplicate, rejected with its issues, failed) and the run goes on
/// to the next. Without <c>--clinic</c> the only clinic is used; with none or several it is a usage error (exit 2),
/// since guessing a billing provider is not safe. Exit 0 when every file was ingested or a duplicate, 1 when any was
/// rejected or failed (the others are still stored). No stack trace reaches the terminal.
/// </summary>
internal static class IngestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var paths = new Argument<string[]>("paths") { Description = "Bundle files (.json) or directories (searched recursively for *.json).", Arity = ArgumentArity.OneOrMore };
        var clinic = new Option<string?>("--clinic") { Description = "The clinic (id or name) the bundles come from. Optional when there is exactly one clinic." };
        var json = new Option<bool>("--json") { Description = "Machine output: {files, bundles, claims, updated, patients, duplicates, rejected, failed, errors, results}." };
        var command = new Command("ingest", "Ingest FHIR R4 bundles: every billable encounter becomes a claim.") { paths, clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var files = CliArguments.JsonFiles(parse.GetValue(paths)!);
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = await ResolveClinicAsync(db, parse.GetValue(clinic), token);
            // The operator sends the bundles on the clinic's behalf: the act is the clinic's upload, done from here.
            var caller = env.As(ClaimRole.Clinic);
            var today = BundleIntake.Today(env.Time.GetUtcNow());

            IngestSummary summary;
            if (parse.GetValue(json))
            {
                summary = await RunAsync(db, clinicId, caller, today, files, null, token);
                await Json.WriteAsync(env.Out, summary);
            }
            else
            {
                summary = await env.Console.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("Ingesting bundles", maxValue: Math.Max(files.Count, 1));
                    return await RunAsync(db, clinicId, caller, today, files, new Progress<int>(done => task.Value = done), token);
                });
                Print(env, summary);
            }
            return summary.Rejected + summary.Failed > 0 ? ExitCodes.DomainFailure : ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>The clinic named, or the only one; otherwise a usage error that says what to do.</summary>
    public static async Task<Guid> ResolveClinicAsync(ClaimsDbContext db, string? clinic, CancellationToken ct)
    {
        if (clinic is not null) return (await new ClinicDirectory(db).FindAsync(clinic, ct)).Id;
        var ids = await db.Clinics.Select(c => c.Id).Take(2).ToListAsync(ct);
        return ids.Count switch
        {
            1 => ids[0],
            0 => throw new UsageException("There is no clinic yet: add one with 'claims clinics add NAME', then ingest."),
            _ => throw new UsageException("There are several clinics: say which one sent the bundles with --clinic ID."),
        };
    }

    private static async Task<IngestSummary> RunAsync(ClaimsDbContext db, Guid clinicId, Caller caller, DateOnly today, List<string> files, IProgress<int>? progress, CancellationToken ct)
    {
        int bundles = 0, claims = 0, updated = 0, patients = 0, duplicates = 0, rejected = 0, failed = 0, done = 0, history = 0, pastLimit = 0;
        var errors = new List<FileErrors>();
        var results = new List<FileResult>();
        await Pipeline.RunAsync(files, (file, token) => ReadAndPrepareAsync(file, today, token), async (file, prepared) =>
        {
            var result = await StoreAsync(db, clinicId, prepared, caller, ct);
            var issues = result.Issues.Select(IssueView.From).ToList();
            switch (result.Status)
            {
                case BundleIntakeStatus.Ingested:
                    bundles++;
                    claims += result.CreatedClaimIds.Count;
                    updated += result.UpdatedClaimIds.Count;
                    patients += result.PatientsCreated;
                    history += result.HistoryEncounters;
                    pastLimit += result.PastFilingLimit;
                    break;
                case BundleIntakeStatus.Duplicate:
                    duplicates++;
                    break;
                case BundleIntakeStatus.Rejected:
                    rejected++;
                    errors.Add(new FileErrors(file, issues.Where(i => i.Severity == "error").ToList()));
                    break;
                default:
                    failed++;
                    errors.Add(new FileErrors(file, issues));
                    break;
            }
            results.Add(new FileResult(file, result.Status.ToString().ToLowerInvariant(), result.CreatedClaimIds.Count, result.UpdatedClaimIds.Count, issues, result.HistoryEncounters, result.PastFilingLimit));
            progress?.Report(++done);
        }, ct);
        return new IngestSummary(files.Count, bundles, claims, updated, patients, duplicates, rejected, failed, errors, results, history, pastLimit);
    }

    /// <summary>
    /// The use case records every outcome itself and does not throw for anything in a file; what can still fail is
    /// the database under it. That file is reported as failed, without the exception's text (it can quote data), and
    /// the run goes on.
    /// </summary>
    private static async Task<BundleIntakeResult> StoreAsync(ClaimsDbContext db, Guid clinicId, PreparedBundle prepared, Caller caller, CancellationToken ct)
    {
        try
        {
            return await BundleIntake.IngestAsync(db, clinicId, prepared, caller, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ClaimsDomainException)
        {
            db.ChangeTracker.Clear();
            db.ClearPendingAudit();
            return BundleIntakeResult.Failed(IntakeFault.Of(ex));
        }
    }

    private static async Task<PreparedBundle> ReadAndPrepareAsync(string file, DateOnly today, CancellationToken ct)
    {
        try
        {
            // Refused by its size before it is read, so a huge file never sits in memory.
            var length = new FileInfo(file).Length;
            if (length > IntakeLimits.Default.MaxBundleBytes) return PreparedBundle.TooLarge(IntakeLimits.Default);
            return BundleIntake.Prepare(await File.ReadAllBytesAsync(file, ct), today);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return PreparedBundle.Unreadable(ex);
        }
    }

    private static void Print(CliEnvironment env, IngestSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        env.Console.WriteLine(string.Create(c, $"{s.Files} file(s): {s.Bundles} bundle(s) ingested, {s.Claims} claim(s) created, {s.Updated} updated, {s.Patients} new patient(s), {s.Duplicates} duplicate(s), {s.Rejected} rejected, {s.Failed} failed."));
        if (s.History > 0) env.Console.WriteLine(string.Create(c, $"{s.History} encounter(s) before the clinic's bill-from date kept as clinical history, not billed."));
        if (s.PastFilingLimit > 0) env.Console.WriteLine(string.Create(c, $"{s.PastFilingLimit} claim(s) already past their payer's filing limit wait for a biller: see 'claims filing list'."));
        foreach (var file in s.Results)
        {
            var counts = file.Status == "ingested" ? string.Create(c, $" ({file.Claims} created, {file.Updated} updated{(file.History > 0 ? $", {file.History} history" : "")}{(file.PastFilingLimit > 0 ? $", {file.PastFilingLimit} past the filing limit" : "")})") : "";
            env.Console.WriteLine($"{file.Status}: {file.File}{counts}");
            if (file.Status is not ("rejected" or "failed")) continue;
            foreach (var issue in file.Issues.Where(i => i.Severity == "error")) env.Console.WriteLine($"  {issue.Severity} {issue.Code} at {issue.Expression}: {issue.Message}");
        }
    }
}

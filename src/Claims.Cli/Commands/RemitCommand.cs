using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Remittance;
using Claims.X12;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims remit FILE... [--dry-run] [--json]</c>: reads 999, 277CA and 835 files; posts them through
/// <see cref="RemittancePosting"/> (one transaction and audit entry per transaction set, idempotent), or with
/// <c>--dry-run</c> only prints what each says and stores nothing. Each file is reported on its own and the run goes on
/// to the next one; a malformed file is a one-line error with its segment number and makes the exit code 1.
/// A 999 sets its batch's status and, when it rejects, moves the batch's claims to Rejected with the errors in words.
/// </summary>
internal static class RemitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var files = new Argument<string[]>("files") { Description = "X12 files (999, 277CA, 835; any mix).", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and print only; store nothing." };
        var json = new Option<bool>("--json") { Description = "Machine output: one object per file." };
        var command = new Command("remit", "Read 999 / 277CA / 835 files and post them to batches, claims and the ledger.") { files, dryRun, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var dry = parse.GetValue(dryRun);
            var asJson = parse.GetValue(json);
            var reports = new List<FileReport>();
            var posting = dry ? null : new Lazy<Task<Persistence.ClaimsDbContext>>(() => env.OpenDatabaseAsync(token));
            try
            {
                foreach (var file in parse.GetValue(files)!)
                {
                    var report = await ReadFileAsync(env, file, posting, token);
                    reports.Add(report);
                    if (!asJson) Render(env, report);
                    if (report.Error is not null) await env.Error.WriteLineAsync($"error: {report.File}: {report.Error}");
                }
            }
            finally
            {
                if (posting is { IsValueCreated: true }) await (await posting.Value).DisposeAsync();
            }
            if (asJson) await Json.WriteAsync(env.Out, reports);
            return reports.All(r => r.Error is null) ? ExitCodes.Ok : ExitCodes.DomainFailure;
        }, ct));
        return command;
    }

    /// <summary>One file: what each transaction set said and, when posting, what was posted; or the error that stopped it.</summary>
    internal sealed record FileReport(string File, IReadOnlyList<DocumentReport> Documents, string? Error);

    /// <summary>One transaction set. Claims are the dry-run view of an 835 (no names); acknowledgments the 277CA/999 verdicts.</summary>
    internal sealed record DocumentReport(
        string Transaction,
        string ControlNumber,
        string? Trace,
        decimal? Payment,
        IReadOnlyList<ClaimPaymentView>? Claims,
        IReadOnlyList<string>? Balancing,
        IReadOnlyList<AcknowledgmentView>? Acknowledgments,
        RemittancePostingResult? Posting);

    internal sealed record AcknowledgmentView(string Claim, string Outcome, IReadOnlyList<string> Statuses, string? PayerClaimNumber);

    private static async Task<FileReport> ReadFileAsync(CliEnvironment env, string file, Lazy<Task<Persistence.ClaimsDbContext>>? posting, CancellationToken ct)
    {
        var documents = new List<DocumentReport>();
        try
        {
            await using var stream = File.OpenRead(file);
            foreach (var document in RemittanceFile.Read(stream))
            {
                var report = Describe(document);
                if (posting is not null)
                {
                    var use = new RemittancePosting(await posting.Value, env.Time);
                    var caller = env.As(ClaimRole.Biller);
                    report = report with { Posting = await use.PostAsync(document, caller, ct) };
                }
                documents.Add(report);
            }
            return new FileReport(file, documents, null);
        }
        catch (X12FormatException ex)
        {
            return new FileReport(file, documents, ex.Message);
        }
        catch (IOException ex)
        {
            return new FileReport(file, documents, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.GetType().Name);
        }
        catch (UnauthorizedAccessException)
        {
            return new FileReport(file, documents, "not readable");
        }
    }

    private static DocumentReport Describe(RemittanceDocument document) => document switch
    {
        RemittanceAdvice a => new DocumentReport("835", a.ControlNumber, a.TraceNumber, a.Payment.AmountCents * 0.01m, ClaimPaymentView.From(a),
            [.. RemittanceBalancing.Check(a).Select(f => f.Message)], null, null),
        ClaimAcknowledgment c => new DocumentReport("277CA", c.ControlNumber, c.ReferenceId, null, null, null,
            [.. c.Claims.Select(x => new AcknowledgmentView(x.ClaimControlNumber, x.Outcome.ToString(), [.. x.Statuses.Select(s => $"{s.Primary.Category}:{s.Primary.Code}")], x.PayerClaimNumber))], null),
        ImplementationAcknowledgment i => new DocumentReport("999", i.ControlNumber, i.AcknowledgedGroupControlNumber, null, null, null,
            [.. i.TransactionSets.Select(t => new AcknowledgmentView(t.ControlNumber, t.IsAccepted ? "Accepted" : "Rejected", [t.Status, .. t.ErrorCodes], null))], null),
        _ => throw new InvalidOperationException("unknown document"),
    };

    private static void Render(CliEnvironment env, FileReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var console = env.Console;
        console.MarkupLine($"[bold]{Markup.Escape(report.File)}[/]");
        foreach (var d in report.Documents)
        {
            console.MarkupLine(Markup.Escape($"  {d.Transaction} ST {d.ControlNumber}" + (d.Trace is null ? "" : $" trace {d.Trace}") + (d.Payment is { } p ? $" payment {p.ToString("N2", inv)}" : "")));
            if (d.Claims is { } claims)
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("Claim", "Status")
                    .AddColumn(new TableColumn("Charge").RightAligned()).AddColumn(new TableColumn("Paid").RightAligned()).AddColumn(new TableColumn("Patient").RightAligned())
                    .AddColumns("Payer claim #", "Adjustments", "Remarks", "Lines");
                foreach (var c in claims)
                {
                    table.AddRow(Markup.Escape(c.Claim), Markup.Escape($"{c.Status} {c.StatusText}"), c.Charge.ToString("N2", inv), c.Paid.ToString("N2", inv),
                        c.PatientResponsibility?.ToString("N2", inv) ?? "", Markup.Escape(c.PayerClaimNumber ?? ""),
                        Markup.Escape(string.Join(" ", c.Adjustments.Concat(c.Lines.SelectMany(l => l.Adjustments)).Select(a => $"{a.Group}-{a.Reason} {a.Amount.ToString("N2", inv)}"))),
                        Markup.Escape(string.Join(" ", c.Remarks.Concat(c.Lines.SelectMany(l => l.Remarks)))), c.Lines.Count.ToString(inv));
                }
                console.Write(table);
            }
            foreach (var finding in d.Balancing ?? []) console.MarkupLine(Markup.Escape($"  does not balance: {finding}"));
            foreach (var a in d.Acknowledgments ?? [])
                console.MarkupLine(Markup.Escape($"    {a.Claim}: {a.Outcome} ({string.Join(", ", a.Statuses)})" + (a.PayerClaimNumber is null ? "" : $" payer claim {a.PayerClaimNumber}")));
            if (d.Posting is { } posted)
            {
                console.MarkupLine(Markup.Escape(posted.AlreadyPosted
                    ? "  already posted: nothing done"
                    : $"  posted {posted.Posted} claim(s); {posted.Exceptions.Count} exception(s)"));
                foreach (var x in posted.Exceptions.Take(50)) console.MarkupLine(Markup.Escape($"    exception {x.ControlNumber} ({x.Reason}, segment {x.SegmentNumber}): {x.Message}"));
                if (posted.Exceptions.Count > 50) console.MarkupLine(Markup.Escape($"    ... and {posted.Exceptions.Count - 50} more"));
            }
        }
    }
}

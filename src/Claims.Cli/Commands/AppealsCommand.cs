using System.CommandLine;
using System.Globalization;
using Claims.Denials;
using Claims.Domain;

namespace Claims.Cli.Commands;

/// <summary><c>claims appeals list|show|letter|attach|send|decide</c>: appeals through the same use case as the Denials pages.</summary>
internal static class AppealsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("appeals", "Appeals of denials: list, read (audited), letter PDF (audited export), attach, send, decide.");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Letter(env));
        command.Subcommands.Add(Attach(env));
        command.Subcommands.Add(Send(env));
        command.Subcommands.Add(Decide(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var status = new Option<string?>("--status") { Description = "Drafted, Sent or Decided." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "Appeals, open ones by deadline first (no PHI).") { status, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            AppealStatus? s = parse.GetValue(status) is { } text ? Enum.TryParse<AppealStatus>(text, true, out var parsed) ? parsed : throw new UsageException($"Unknown status {text}.") : null;
            await using var db = await env.OpenDatabaseAsync(token);
            var appeals = await new Appeals(db, env.Time).ListAsync(status: s, caller: env.As(ClaimRole.Biller), cancellationToken: token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, appeals.Select(a => a with { Attachments = [] }));
                return ExitCodes.Ok;
            }
            foreach (var a in appeals)
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{a.Id} {a.ControlNumber} {a.Payer,-30} L{a.Level} {a.LevelName,-18} {a.Codes,-12} {a.Status,-8}{(a.Outcome is { } o ? " " + o : ""),-11} file by {a.Deadline:yyyy-MM-dd}{(a.NextLevelDeadline is { } n ? $", next level by {n:yyyy-MM-dd}" : "")}"));
            if (appeals.Count == 0) await env.Out.WriteLineAsync("No appeals.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var id = new Argument<Guid>("appeal") { Description = "The appeal's id." };
        var command = new Command("show", "One appeal with its argument and enclosures, decrypted (audited).") { id };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var a = await new Appeals(db, env.Time).ReadAsync(parse.GetValue(id), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Appeal {a.Id} of {a.ControlNumber} ({a.Payer}), level {a.Level} {a.LevelName}, {a.Codes}, {a.Status}{(a.Outcome is { } o ? " " + o : "")}, file by {a.Deadline:yyyy-MM-dd}");
            await env.Out.WriteLineAsync(a.Argument);
            foreach (var (attachment, label, type, length) in a.Attachments) await env.Out.WriteLineAsync($"  enclosure {attachment}: {label} ({type}, {length} bytes)");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Letter(CliEnvironment env)
    {
        var id = new Argument<Guid>("appeal") { Description = "The appeal's id." };
        var output = new Option<string>("--out") { Description = "Where to write the PDF (it names the patient: keep it safe).", Required = true };
        var command = new Command("letter", "The appeal letter as a PDF (an audited export).") { id, output };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var path = parse.GetValue(output)!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && !Directory.Exists(folder)) throw new UsageException($"No such folder: {folder}");
            await using var db = await env.OpenDatabaseAsync(token);
            var letter = await new Appeals(db, env.Time).LetterAsync(parse.GetValue(id), env.As(ClaimRole.Biller), token);
            await File.WriteAllBytesAsync(path, letter.Content, token);
            await env.Out.WriteLineAsync($"Wrote {letter.Content.Length} bytes to {path}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Attach(CliEnvironment env)
    {
        var id = new Argument<Guid>("appeal") { Description = "The appeal's id." };
        var file = new Argument<string>("file") { Description = "The document to enclose (stored encrypted)." };
        var label = new Option<string?>("--label") { Description = "What it is (default: the file name)." };
        var command = new Command("attach", "Enclose a document with a drafted appeal.") { id, file, label };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"No such file: {path}");
            await using var db = await env.OpenDatabaseAsync(token);
            var added = await new Appeals(db, env.Time).AttachAsync(parse.GetValue(id), parse.GetValue(label) ?? Path.GetFileName(path), DenialsCommand.ContentType(path), await File.ReadAllBytesAsync(path, token), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Enclosure {added.Id} added ({added.Length} bytes).");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Send(CliEnvironment env)
    {
        var id = new Argument<Guid>("appeal") { Description = "The appeal's id." };
        var command = new Command("send", "Mark the appeal sent to the payer; the claim moves to Appealed.") { id };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var a = await new Appeals(db, env.Time).SendAsync(parse.GetValue(id), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Appeal {a.Id} level {a.Level} sent; the claim is Appealed.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Decide(CliEnvironment env)
    {
        var id = new Argument<Guid>("appeal") { Description = "The appeal's id." };
        var outcome = new Argument<string>("outcome") { Description = "overturned or upheld." };
        var on = new Option<string>("--on") { Description = "The date on the payer's decision (YYYY-MM-DD).", Required = true };
        var command = new Command("decide", "Record the payer's decision; upheld sets the next level's deadline.") { id, outcome, on };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var result = Enum.TryParse<AppealOutcome>(parse.GetValue(outcome), true, out var parsed) ? parsed : throw new UsageException("The outcome is overturned or upheld.");
            var date = CliArguments.ParseDate(parse.GetValue(on)!);
            await using var db = await env.OpenDatabaseAsync(token);
            var a = await new Appeals(db, env.Time).DecideAsync(parse.GetValue(id), result, date, env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync(a.Outcome == AppealOutcome.Upheld
                ? $"Upheld: the claim is Denied again; the next level must be filed by {a.NextLevelDeadline:yyyy-MM-dd}."
                : "Overturned: the payer's next 835 pays the claim.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary><c>claims batches list|show|resend|download|fetch</c>: the 837P batches sent and what came back.</summary>
internal static class BatchesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("batches", "837P batches: history, resend, download (audited), fetch the clearinghouse's answers.");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Resend(env));
        command.Subcommands.Add(Download(env));
        command.Subcommands.Add(Fetch(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "The batches, newest first.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var batches = await env.Submissions(db).ListAsync(cancellationToken: token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, batches);
                return ExitCodes.Ok;
            }
            foreach (var b in batches)
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{b.Id} {b.CreatedAt:yyyy-MM-dd HH:mm} {b.FileName} ISA13 {b.InterchangeControlNumber} {b.Claims} claims {b.TotalChargeCents / 100m:0.00} {b.Status}"));
            if (batches.Count == 0) await env.Out.WriteLineAsync("No batches.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var id = new Argument<Guid>("batch") { Description = "The batch id." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("show", "One batch: its claims (control numbers) and the files received for it.") { id, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var batchId = parse.GetValue(id);
            var batch = await db.SubmissionBatches.AsNoTracking().Include(b => b.Claims).FirstOrDefaultAsync(b => b.Id == batchId, token) ?? throw new NotFoundException($"Batch {batchId} was not found.");
            var files = await db.ReceivedFiles.AsNoTracking().Where(f => f.BatchId == batchId).OrderBy(f => f.ReceivedAt).Select(f => new { f.Id, f.Name, f.Kind, f.Summary, f.ReceivedAt }).ToListAsync(token);
            var claims = batch.Claims.Select(c => new { c.ControlNumber, c.Frequency, charge = c.ChargeCents / 100m }).ToList();
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { batch = new { batch.Id, batch.FileName, batch.CreatedAt, batch.Status, batch.InterchangeControlNumber, batch.GroupControlNumber, batch.TransactionSets, batch.ClaimCount, totalCharge = batch.TotalChargeCents / 100m, batch.SentAt, batch.SendCount }, claims, files });
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Batch {batch.Id} {batch.FileName}: {batch.Status}, ISA13 {batch.InterchangeControlNumber} GS06 {batch.GroupControlNumber}, {batch.TransactionSets} ST, {batch.ClaimCount} claims, total {batch.TotalChargeCents / 100m:0.00}, sent {batch.SendCount}x"));
            foreach (var c in claims) await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  claim {c.ControlNumber} frequency {c.Frequency} {c.charge:0.00}"));
            foreach (var f in files) await env.Out.WriteLineAsync($"  received {f.ReceivedAt:yyyy-MM-dd HH:mm} {f.Kind} {f.Name}: {f.Summary}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Resend(CliEnvironment env)
    {
        var id = new Argument<Guid>("batch") { Description = "The batch id." };
        var command = new Command("resend", "Upload a batch to the clearinghouse again.") { id };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var run = await env.Submissions(db).ResendAsync(parse.GetValue(id), env.As(ClaimRole.Biller), token);
            if (run.SendError is not null) throw new DomainValidationException(run.SendError);
            await env.Out.WriteLineAsync($"Resent {run.Batch!.FileName}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Download(CliEnvironment env)
    {
        var id = new Argument<Guid>("batch") { Description = "The batch id." };
        var output = new Option<string>("--out") { Description = "The folder to write the decrypted 837P into.", Required = true };
        var command = new Command("download", "Write a batch's 837P, decrypted, into a folder (audited export: the file is PHI).") { id, output };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var file = await env.Submissions(db).DownloadAsync(parse.GetValue(id), env.As(ClaimRole.Biller), token);
            var path = Path.Combine(Directory.CreateDirectory(parse.GetValue(output)!).FullName, file.FileName);
            await File.WriteAllBytesAsync(path, file.Content, token);
            await env.Out.WriteLineAsync($"Wrote {path}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Fetch(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("fetch", "Take the clearinghouse's new answers (999, 277CA, 835) from its outbound folder, each once.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var received = await env.Submissions(db).FetchAnswersAsync(env.As(ClaimRole.Biller), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, received);
                return ExitCodes.Ok;
            }
            foreach (var r in received) await env.Out.WriteLineAsync($"{r.Kind} {r.Name}: {r.Summary}");
            if (received.Count == 0) await env.Out.WriteLineAsync("Nothing new.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

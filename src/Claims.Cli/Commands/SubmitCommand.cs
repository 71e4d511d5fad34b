using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims submit [--clinic ID] [--payer ID] [--out DIR] [--json]</c>: ReadyToSubmit claims -> one 837P batch,
/// stored encrypted and uploaded to the clearinghouse mailbox (<see cref="Submissions"/>). <c>--out</c> also writes the
/// decrypted file there, as an audited download.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var clinic = new Option<string?>("--clinic") { Description = "Only this clinic's claims (id or name)." };
        var payer = new Option<string?>("--payer") { Description = "Only this payer's claims (id or electronic payer id)." };
        var output = new Option<string?>("--out") { Description = "Also write the decrypted 837P into this folder (audited: the file is PHI)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("submit", "ReadyToSubmit claims -> an 837P batch sent to the clearinghouse.") { clinic, payer, output, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = parse.GetValue(clinic) is { } c ? (await new ClinicDirectory(db).FindAsync(c, token)).Id : (Guid?)null;
            var payerId = parse.GetValue(payer) is { } p ? await PayerIdAsync(db, p, token) : (Guid?)null;
            var submissions = env.Submissions(db);
            var caller = env.As(ClaimRole.Biller);
            var run = await submissions.CreateBatchesAsync(new SubmissionFilter(clinicId, payerId), caller, token);
            string? written = null;
            if (run.Batch is { } batch && parse.GetValue(output) is { } dir)
            {
                var file = await submissions.DownloadAsync(batch.Id, caller, token);
                written = Path.Combine(Directory.CreateDirectory(dir).FullName, file.FileName);
                await File.WriteAllBytesAsync(written, file.Content, token);
            }
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new
                {
                    batches = run.Batch is { } b
                        ? new[] { new { id = b.Id, file = b.FileName, claims = b.Claims, totalCharge = b.TotalChargeCents / 100m, interchange = b.InterchangeControlNumber, status = b.Status.ToString(), written } }
                        : [],
                    excluded = run.Excluded.Select(i => new { claim = i.ClaimControlNumber, location = i.Location, code = i.Code, message = i.Message }),
                    sendError = run.SendError,
                });
            }
            else
            {
                foreach (var issue in run.Excluded) await env.Error.WriteLineAsync($"left out: {issue}");
                if (run.Batch is { } b)
                {
                    await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Batch {b.Id} {b.FileName}: {b.Claims} claims, total {b.TotalChargeCents / 100m:0.00}, ISA13 {b.InterchangeControlNumber}, {b.TransactionSets} ST, {b.Status}."));
                    if (written is not null) await env.Out.WriteLineAsync($"Wrote {written} (decrypted; keep it safe, it is PHI).");
                }
                else
                {
                    await env.Out.WriteLineAsync("Nothing to submit.");
                }
                if (run.SendError is not null) await env.Error.WriteLineAsync($"warning: {run.SendError}");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal static async Task<Guid> PayerIdAsync(ClaimsDbContext db, string idOrPayerId, CancellationToken ct)
    {
        var payer = Guid.TryParse(idOrPayerId, out var id)
            ? await db.Payers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct)
            : await db.Payers.AsNoTracking().FirstOrDefaultAsync(p => p.PayerId == idOrPayerId.Trim(), ct);
        return payer?.Id ?? throw new NotFoundException($"No payer '{idOrPayerId}'.");
    }
}

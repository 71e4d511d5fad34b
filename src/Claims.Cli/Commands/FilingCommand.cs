using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Filing;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims filing list|write-off|release</c>: the billers' decisions on claims that arrived past their payer's
/// filing limit, through the same use case as the Past the filing limit page (<see cref="FilingDecisions"/>).
/// </summary>
internal static class FilingCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("filing", "Claims past their payer's timely filing limit at intake: list, write off (CO-29) or release to coding.");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(WriteOff(env));
        command.Subcommands.Add(Release(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var clinic = new Option<string?>("--clinic") { Description = "Only this clinic's claims (id or name)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "The claims waiting past their filing limit, the longest overdue first (patients by pseudonym).") { clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = parse.GetValue(clinic) is { } c ? (await new ClinicDirectory(db).FindAsync(c, token)).Id : (Guid?)null;
            var rows = await new FilingDecisions(db, env.Time).ListAsync(clinicId, env.As(ClaimRole.Biller), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows);
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                await env.Out.WriteLineAsync("No claim is waiting past its filing limit.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Claim", "Clinic", "Patient", "Payer", "Service", "Deadline")
                .AddColumn(new TableColumn("Days past").RightAligned()).AddColumn(new TableColumn("Charge").RightAligned());
            var inv = CultureInfo.InvariantCulture;
            foreach (var r in rows)
            {
                table.AddRow(r.ControlNumber, Markup.Escape(r.Clinic), r.Patient, Markup.Escape(r.Payer), r.ServiceFrom.ToString("yyyy-MM-dd", inv),
                    r.FilingDeadline.ToString("yyyy-MM-dd", inv), r.DaysPast.ToString("N0", inv), (r.TotalCents / 100m).ToString("N2", inv));
            }
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command WriteOff(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "The claim's id or control number." };
        var note = new Option<string?>("--note") { Description = "A note kept with the CO-29 reason." };
        var command = new Command("write-off", "Close the claim with reason CO-29 (timely filing limit passed); its charges are written off in the ledger.") { claim, note };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var closed = await new FilingDecisions(db, env.Time).WriteOffAsync(id, parse.GetValue(note), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {closed.ControlNumber.Value} closed: written off CO-29 ({closed.TotalCharge} in charges).");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Release(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "The claim's id or control number." };
        var reason = new Option<string>("--reason") { Description = "The proof of timely filing (e.g. an earlier submission's acceptance); no patient names.", Required = true };
        var command = new Command("release", "Release the claim to the coders' queue: it may still be filed, for the reason given.") { claim, reason };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var released = await new FilingDecisions(db, env.Time).ReleaseAsync(id, parse.GetValue(reason), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {released.ControlNumber.Value} released to coding (deadline {released.FilingDeadline:yyyy-MM-dd}).");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Claims.Charges;
using Claims.Domain;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary><c>claims fees import|list</c>: a clinic's fee schedule (chargemaster), through <see cref="FeeSchedules"/>.</summary>
internal static class FeesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("fees", "A clinic's fee schedule: CPT/HCPCS code -> charge, with effective dates.");
        command.Subcommands.Add(Import(env));
        command.Subcommands.Add(List(env));
        return command;
    }

    private static Command Import(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var file = new Argument<string>("file") { Description = "A CSV file: header code,charge,effective_from; e.g. 99213,125.00,2025-01-01." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("import", "Import a fee schedule CSV: every row, or with any bad line nothing (each error with its line number).") { clinic, file, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"No such file: {path}");
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            using var reader = new StreamReader(path);
            var result = await new FeeSchedules(db).ImportAsync(found.Id, reader, env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { clinicId = found.Id, result.IsRejected, result.Added, result.Repriced, result.Unchanged, errors = result.Errors });
                return result.IsRejected ? ExitCodes.DomainFailure : ExitCodes.Ok;
            }
            if (result.IsRejected)
            {
                await env.Error.WriteLineAsync($"error: the fee schedule was not imported (nothing changed); fix these lines and import again:");
                foreach (var e in result.Errors) await env.Error.WriteLineAsync($"  {e}");
                return ExitCodes.DomainFailure;
            }
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Fee schedule of '{found.Name}': {result.Added} added, {result.Repriced} repriced, {result.Unchanged} unchanged."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "A clinic's fee schedule, by code (the newest effective date first).") { clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var rows = await new FeeSchedules(db).ListAsync(found.Id, token);
            var inv = CultureInfo.InvariantCulture;
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows.Select(r => new { code = r.Code.Value, charge = r.Charge.Amount, chargeCents = r.Charge.Cents, effectiveFrom = r.EffectiveFrom.ToString("yyyy-MM-dd", inv) }));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                await env.Out.WriteLineAsync($"'{found.Name}' has no fee schedule yet: import one with 'claims fees import'.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Code").AddColumn(new TableColumn("Charge").RightAligned()).AddColumn("Effective from");
            foreach (var r in rows) table.AddRow(r.Code.Value, r.Charge.Amount.ToString("N2", inv), r.EffectiveFrom.ToString("yyyy-MM-dd", inv));
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Privacy;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>Finding patients by blind index and showing one decrypted; every search and read is audited.</summary>
internal static class PatientsCommand
{

    public static Command Create(CliEnvironment env)
    {
        var patients = new Command("patients", "Find patients by member id, family name + birth date or MRN; show one (decrypted, audited).");
        patients.Subcommands.Add(Find(env));
        patients.Subcommands.Add(Show(env));
        patients.Subcommands.Add(AddSecondaryCoverage(env));
        return patients;
    }

    private static Command AddSecondaryCoverage(CliEnvironment env)
    {
        var patient = new Argument<string>("patient") { Description = "Patient id or pseudonym." };
        var payer = new Option<string>("--payer") { Description = "The secondary payer (id or electronic payer id).", Required = true };
        var memberId = new Option<string>("--member-id") { Description = "The member id on the secondary card (stored encrypted).", Required = true };
        var from = new Option<string>("--from") { Description = "Coverage start, YYYY-MM-DD.", Required = true };
        var command = new Command("add-secondary-coverage", "Record a patient's secondary coverage, so a claim the primary adjudicated can be billed to it (claims fire CLAIM BillSecondary).")
        {
            patient, payer, memberId, from,
        };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new PatientRecords(db).FindOneAsync(parse.GetValue(patient)!, token);
            var payerId = await SubmitCommand.PayerIdAsync(db, parse.GetValue(payer)!, token);
            var coverage = await new Claims.Submission.SecondaryBilling(db, env.Time).AddSecondaryCoverageAsync(
                found.Id, payerId, parse.GetValue(memberId)!, CliArguments.ParseDate(parse.GetValue(from)!), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Secondary coverage {coverage.Id} recorded for patient {found.Pseudonym}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Find(CliEnvironment env)
    {
        var memberId = new Option<string?>("--member-id") { Description = "The member (subscriber) id on the insurance card." };
        var name = new Option<string?>("--name") { Description = "Family name (with --birth-date)." };
        var birthDate = new Option<string?>("--birth-date") { Description = "Birth date YYYY-MM-DD (with --name)." };
        var mrn = new Option<string?>("--mrn") { Description = "Medical record number." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("find", "Find patients by an exact member id, family name + birth date, or MRN (keyed blind indexes; the values are never stored in plaintext).") { memberId, name, birthDate, mrn, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var (member, family, birth, record) = (parse.GetValue(memberId), parse.GetValue(name), parse.GetValue(birthDate), parse.GetValue(mrn));
            var given = new[] { member is not null, family is not null || birth is not null, record is not null }.Count(b => b);
            if (given != 1) throw new UsageException("Give exactly one of --member-id, --name with --birth-date, or --mrn.");
            if ((family is null) != (birth is null)) throw new UsageException("--name and --birth-date go together.");
            if (birth is not null && !DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) throw new UsageException("--birth-date is YYYY-MM-DD.");

            await using var db = await env.OpenDatabaseAsync(token);
            var rows = await new PatientRecords(db).FindAsync(new PatientSearch(member, family, birth, record), env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows);
                return rows.Count == 0 ? ExitCodes.DomainFailure : ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                await env.Error.WriteLineAsync("No patient matches.");
                return ExitCodes.DomainFailure;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Pseudonym", "Id", "Sex", "Birth year");
            foreach (var r in rows) table.AddRow(r.Pseudonym, r.Id.ToString(), r.Sex.ToString(), r.BirthYear.ToString(CultureInfo.InvariantCulture));
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var id = new Argument<string>("id") { Description = "Patient id (GUID) or pseudonym." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("show", "Show one patient's identifying data, decrypted (\"erased\" after a GDPR erasure). Audited.") { id, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var view = await new PatientRecords(db).ShowAsync(parse.GetValue(id)!, env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, view);
                return ExitCodes.Ok;
            }
            string Shown(string? value) => view.Erased ? ClaimViews.Erased : Markup.Escape(value ?? "-");
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Patient", $"{view.Pseudonym}  ({view.Id})");
            grid.AddRow("Name", view.Erased ? ClaimViews.Erased : Markup.Escape($"{view.FamilyName}, {view.GivenNames}"));
            grid.AddRow("Birth date", Shown(view.BirthDate));
            grid.AddRow("Sex / birth year", $"{view.Sex} / {view.BirthYear.ToString(CultureInfo.InvariantCulture)}");
            grid.AddRow("Address", Shown(view.Address));
            grid.AddRow("Telecom", Shown(view.Telecom));
            grid.AddRow("MRN", Shown(view.Mrn));
            grid.AddRow("Member ids", view.Erased ? ClaimViews.Erased : Markup.Escape(view.MemberIds.Count == 0 ? "-" : string.Join(", ", view.MemberIds)));
            env.Console.Write(grid);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>Finding patients by blind index and showing one decrypted; every search and read is audited.</summary>
internal static class PatientsCommand
{
    public const string Erased = "erased";

    public static Command Create(CliEnvironment env)
    {
        var patients = new Command("patients", "Find patients by member id, family name + birth date or MRN; show one (decrypted, audited).");
        patients.Subcommands.Add(Find(env));
        patients.Subcommands.Add(Show(env));
        return patients;
    }

    /// <summary>A patient by id (GUID) or pseudonym (PT-...).</summary>
    public static async Task<Patient> FindPatientAsync(ClaimsDbContext db, string idOrPseudonym, CancellationToken ct)
    {
        var pseudonym = idOrPseudonym.Trim().ToUpperInvariant();
        var patient = Guid.TryParse(idOrPseudonym, out var id)
            ? await db.Patients.FirstOrDefaultAsync(p => p.Id == id, ct)
            : await db.Patients.FirstOrDefaultAsync(p => p.Pseudonym == pseudonym, ct);
        return patient ?? throw new NotFoundException($"No patient {idOrPseudonym}.");
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
            List<Patient> found;
            string by;
            if (member is not null)
            {
                by = "member-id";
                var index = db.Phi.MemberIdIndex(member);
                var ids = await db.Coverages.Where(c => c.MemberIdIndex == index).Select(c => c.PatientId).Distinct().ToListAsync(token);
                found = await db.Patients.Where(p => ids.Contains(p.Id)).ToListAsync(token);
            }
            else if (record is not null)
            {
                by = "mrn";
                var index = db.Phi.MrnIndex(record);
                found = await db.Patients.Where(p => p.MrnIndex == index).ToListAsync(token);
            }
            else
            {
                by = "name-birth-date";
                var index = db.Phi.NameBirthIndex(family, birth);
                found = await db.Patients.Where(p => p.NameBirthIndex == index).ToListAsync(token);
            }

            // The search itself is an access to PHI (it confirms who is a patient): on the record, by criterion kind only.
            db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "PatientSearch", null, PurposeOfUse: "HPAYMT", Details: $"cli patients find by={by} matches={found.Count}"));
            foreach (var p in found) db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "Patient", p.Id.ToString(), p.Pseudonym, PurposeOfUse: "HPAYMT", Details: $"cli patients find by={by}"));
            await db.SaveChangesAsync(token);

            var rows = found.OrderBy(p => p.Pseudonym, StringComparer.Ordinal).Select(p => new PatientMatch(p.Id, p.Pseudonym, p.ClinicId, p.Sex, p.BirthYear)).ToList();
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
            var patient = await FindPatientAsync(db, parse.GetValue(id)!, token);
            // A PHI read is recorded before the data leaves (HIPAA 164.312(b)).
            db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "Patient", patient.Id.ToString(), patient.Pseudonym, PurposeOfUse: "HPAYMT", Details: "cli patients show"));
            await db.SaveChangesAsync(token);
            var phi = await db.Phi.RevealAsync(patient, token);
            var coverages = await db.Coverages.Where(c => c.PatientId == patient.Id).OrderBy(c => c.Order).ToListAsync(token);
            var members = new List<string?>();
            foreach (var c in coverages) members.Add(await db.Phi.RevealMemberIdAsync(c, token));
            var view = new PatientView(patient.Id, patient.Pseudonym, patient.ClinicId, patient.Sex, patient.BirthYear, phi is null,
                phi?.FamilyName, phi?.GivenNames, phi?.BirthDate, phi?.Address, phi?.Telecom, phi?.Mrn, phi is null ? [] : [.. members.OfType<string>()]);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, view);
                return ExitCodes.Ok;
            }
            string Shown(string? value) => view.Erased ? Erased : Markup.Escape(value ?? "-");
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Patient", $"{view.Pseudonym}  ({view.Id})");
            grid.AddRow("Name", view.Erased ? Erased : Markup.Escape($"{view.FamilyName}, {view.GivenNames}"));
            grid.AddRow("Birth date", Shown(view.BirthDate));
            grid.AddRow("Sex / birth year", $"{view.Sex} / {view.BirthYear.ToString(CultureInfo.InvariantCulture)}");
            grid.AddRow("Address", Shown(view.Address));
            grid.AddRow("Telecom", Shown(view.Telecom));
            grid.AddRow("MRN", Shown(view.Mrn));
            grid.AddRow("Member ids", view.Erased ? Erased : Markup.Escape(view.MemberIds.Count == 0 ? "-" : string.Join(", ", view.MemberIds)));
            env.Console.Write(grid);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal sealed record PatientMatch(Guid Id, string Pseudonym, Guid ClinicId, AdministrativeSex Sex, int BirthYear);

    internal sealed record PatientView(Guid Id, string Pseudonym, Guid ClinicId, AdministrativeSex Sex, int BirthYear, bool Erased,
        string? FamilyName, string? GivenNames, string? BirthDate, string? Address, string? Telecom, string? Mrn, IReadOnlyList<string> MemberIds);
}

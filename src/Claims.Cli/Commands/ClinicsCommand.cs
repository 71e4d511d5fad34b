using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary><c>claims clinics add|key|list</c>: the clinics the BPO works for and their API keys.</summary>
internal static class ClinicsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("clinics", "Clinics (the billing providers) and their API keys for POST /fhir.");
        command.Subcommands.Add(Add(env));
        command.Subcommands.Add(Key(env));
        command.Subcommands.Add(List(env));
        return command;
    }

    /// <summary>A clinic by id or exact name.</summary>
    public static async Task<Clinic> FindAsync(ClaimsDbContext db, string idOrName, CancellationToken ct)
    {
        var clinic = Guid.TryParse(idOrName, out var id)
            ? await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            : await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Name == idOrName.Trim(), ct);
        return clinic ?? throw new NotFoundException($"No clinic '{idOrName}'. See 'claims clinics list'.");
    }

    private static Command Add(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The clinic's name (unique)." };
        var npi = new Option<string?>("--npi") { Description = "The clinic's NPI (billing provider, 2010AA). Without it a placeholder NPI is assigned." };
        var taxId = new Option<string?>("--tax-id") { Description = "The clinic's EIN, nine digits. Without it 000000000 is stored as a placeholder." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("add", "Add a clinic.") { name, npi, taxId, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var warnings = new List<string>();
            Npi clinicNpi;
            if (parse.GetValue(npi) is { } npiText)
            {
                clinicNpi = Npi.TryParse(npiText, out var parsed) ? parsed : throw new UsageException($"'{npiText}' is not a valid NPI (ten digits with a check digit).");
            }
            else
            {
                // A clinic cannot exist without a billing NPI; a random valid-looking one keeps intake usable in
                // demos and tests, and the warning says it must be replaced before claims go to a payer.
                clinicNpi = Npi.FromBase(System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000));
                warnings.Add($"No --npi given: placeholder NPI {clinicNpi} assigned; replace it before submitting claims.");
            }
            var tax = parse.GetValue(taxId);
            if (tax is null) warnings.Add("No --tax-id given: placeholder 000000000 stored.");
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicName = parse.GetValue(name)!.Trim();
            if (await db.Clinics.AnyAsync(c => c.Name == clinicName, token)) throw new UsageException($"A clinic named '{clinicName}' already exists.");
            var clinic = new Clinic(clinicName, clinicNpi, tax ?? "000000000");
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { clinic.Id, clinic.Name, Npi = clinic.Npi.Value, clinic.TaxId, warnings });
                return ExitCodes.Ok;
            }
            foreach (var w in warnings) await env.Error.WriteLineAsync($"warning: {w}");
            await env.Out.WriteLineAsync($"Added clinic {clinic.Id} '{clinic.Name}' (NPI {clinic.Npi}).");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Key(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("key", "Create an API key for a clinic. The key is shown once; only its hash is stored.") { clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await FindAsync(db, parse.GetValue(clinic)!, token);
            var (key, secret) = await ClinicApiKeys.IssueAsync(db, found.Id, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { clinicId = found.Id, keyId = key.Id, key = secret });
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync($"API key for clinic '{found.Name}' (shown once, store it now):");
            await env.Out.WriteLineAsync(secret);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "List clinics with their NPI and number of active API keys.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var rows = await db.Clinics.AsNoTracking()
                .Select(c => new { c.Id, c.Name, c.Npi, c.TaxId, Keys = db.ClinicApiKeys.Count(k => k.ClinicId == c.Id && k.RevokedAt == null), Claims = db.Claims.Count(x => x.ClinicId == c.Id) })
                .ToListAsync(token);
            rows = rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows.Select(r => new { r.Id, r.Name, Npi = r.Npi.Value, r.TaxId, apiKeys = r.Keys, r.Claims }));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Id", "Name", "NPI", "Tax id").AddColumn(new TableColumn("API keys").RightAligned()).AddColumn(new TableColumn("Claims").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(r.Id.ToString(), Markup.Escape(r.Name), r.Npi.Value, r.TaxId, r.Keys.ToString(CultureInfo.InvariantCulture), r.Claims.ToString(CultureInfo.InvariantCulture));
            }
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

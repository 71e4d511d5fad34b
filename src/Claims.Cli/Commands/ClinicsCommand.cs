using System.CommandLine;
using System.Globalization;
using Claims.Domain;
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
        command.Subcommands.Add(Rename(env));
        command.Subcommands.Add(Revoke(env));
        command.Subcommands.Add(Keys(env));
        command.Subcommands.Add(Billing(env));
        command.Subcommands.Add(BillFrom(env));
        return command;
    }

    private static Command Keys(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("keys", "A clinic's API keys: id, prefix, created, last used, revoked (never the secret).") { clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var keys = await new ClinicKeys(db, env.Time).ListAsync(found.Id, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, keys);
                return ExitCodes.Ok;
            }
            foreach (var k in keys) await env.Out.WriteLineAsync($"{k.Id} {k.Prefix}... created {k.CreatedAt:yyyy-MM-dd} last used {k.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never"}{(k.RevokedAt is null ? "" : " REVOKED")}");
            if (keys.Count == 0) await env.Out.WriteLineAsync("No keys.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Rename(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var name = new Argument<string>("name") { Description = "The new name (unique)." };
        var command = new Command("rename", "Rename a clinic.") { clinic, name };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var renamed = await new ClinicDirectory(db).RenameAsync(found.Id, parse.GetValue(name), env.As(ClaimRole.Admin), token);
            await env.Out.WriteLineAsync($"Clinic {renamed.Id} is now '{renamed.Name}'.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Revoke(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var key = new Argument<Guid>("key") { Description = "The key's id (see 'claims clinics keys')." };
        var command = new Command("revoke", "Revoke one of a clinic's API keys: it no longer authenticates.") { clinic, key };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var revoked = await new ClinicKeys(db, env.Time).RevokeAsync(found.Id, parse.GetValue(key), env.As(ClaimRole.Admin), token);
            await env.Out.WriteLineAsync($"Key {revoked.Prefix}... of '{found.Name}' revoked.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Add(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The clinic's name (unique)." };
        var npi = new Option<string?>("--npi") { Description = "The clinic's NPI (billing provider, 2010AA). Without it a placeholder NPI is assigned." };
        var taxId = new Option<string?>("--tax-id") { Description = "The clinic's EIN, nine digits. Without it 000000000 is stored as a placeholder." };
        var address = new Option<string?>("--address") { Description = "The billing street address (2010AA N3; no PO box)." };
        var city = new Option<string?>("--city") { Description = "The billing address's city." };
        var state = new Option<string?>("--state") { Description = "The billing address's two-letter state." };
        var zip = new Option<string?>("--zip") { Description = "The billing address's nine-digit ZIP (ZIP+4, with or without the dash)." };
        var billFrom = new Option<string?>("--bill-from") { Description = "The first date of service billed, YYYY-MM-DD; earlier encounters are kept as clinical history. Default: one year before today." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("add", "Add a clinic.") { name, npi, taxId, address, city, state, zip, billFrom, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var billing = BillingAddress(parse.GetValue(address), parse.GetValue(city), parse.GetValue(state), parse.GetValue(zip));
            await using var db = await env.OpenDatabaseAsync(token);
            var from = parse.GetValue(billFrom) is { } text ? CliArguments.ParseDate(text) : (DateOnly?)null;
            var (clinic, warnings) = await new ClinicDirectory(db, env.Time).AddAsync(parse.GetValue(name), parse.GetValue(npi), parse.GetValue(taxId), billing, from, env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { clinic.Id, clinic.Name, Npi = clinic.Npi.Value, clinic.TaxId, Address = clinic.BillingAddress?.ToString(), BillFrom = clinic.BillFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), warnings });
                return ExitCodes.Ok;
            }
            foreach (var w in warnings) await env.Error.WriteLineAsync($"warning: {w}");
            await env.Out.WriteLineAsync($"Added clinic {clinic.Id} '{clinic.Name}' (NPI {clinic.Npi}), billing encounters from {clinic.BillFrom:yyyy-MM-dd}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>All four address options or none; a partial address is a usage error.</summary>
    private static ClinicAddress? BillingAddress(string? street, string? city, string? state, string? zip)
    {
        string?[] parts = [street, city, state, zip];
        if (parts.All(string.IsNullOrWhiteSpace)) return null;
        if (parts.Any(string.IsNullOrWhiteSpace)) throw new UsageException("Give the whole billing address: --address, --city, --state and --zip.");
        return new ClinicAddress(street!, city!, state!, zip!);
    }

    private static Command Billing(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var address = new Option<string?>("--address") { Description = "The billing street address (no PO box).", Required = true };
        var city = new Option<string?>("--city") { Description = "City.", Required = true };
        var state = new Option<string?>("--state") { Description = "Two-letter state.", Required = true };
        var zip = new Option<string?>("--zip") { Description = "Nine-digit ZIP (ZIP+4).", Required = true };
        var taxId = new Option<string?>("--tax-id") { Description = "The clinic's EIN, nine digits." };
        var command = new Command("billing", "Set a clinic's billing address (and tax id) for the 837P.") { clinic, address, city, state, zip, taxId };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var billing = BillingAddress(parse.GetValue(address), parse.GetValue(city), parse.GetValue(state), parse.GetValue(zip))!;
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var changed = await new ClinicDirectory(db).SetBillingAsync(found.Id, billing, parse.GetValue(taxId), env.As(ClaimRole.Admin), token);
            await env.Out.WriteLineAsync($"Clinic {changed.Id} bills from {changed.BillingAddress}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command BillFrom(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var date = new Argument<string>("date") { Description = "The first date of service billed, YYYY-MM-DD." };
        var command = new Command("bill-from", "Set the first date of service billed for a clinic; bundles ingested later keep earlier encounters as clinical history.") { clinic, date };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var from = CliArguments.ParseDate(parse.GetValue(date)!);
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var changed = await new ClinicDirectory(db, env.Time).SetBillFromAsync(found.Id, from, env.As(ClaimRole.Admin), token);
            await env.Out.WriteLineAsync($"Clinic '{changed.Name}' bills encounters from {changed.BillFrom:yyyy-MM-dd}; earlier ones in bundles ingested from now on are kept as history.");
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
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var (key, secret) = await new ClinicKeys(db, env.Time).IssueAsync(found.Id, env.As(ClaimRole.Admin), token);
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
                .Select(c => new { c.Id, c.Name, c.Npi, c.TaxId, c.BillFrom, Keys = db.ClinicApiKeys.Count(k => k.ClinicId == c.Id && k.RevokedAt == null), Claims = db.Claims.Count(x => x.ClinicId == c.Id) })
                .ToListAsync(token);
            rows = rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows.Select(r => new { r.Id, r.Name, Npi = r.Npi.Value, r.TaxId, BillFrom = r.BillFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), apiKeys = r.Keys, r.Claims }));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Id", "Name", "NPI", "Tax id", "Bills from").AddColumn(new TableColumn("API keys").RightAligned()).AddColumn(new TableColumn("Claims").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(r.Id.ToString(), Markup.Escape(r.Name), r.Npi.Value, r.TaxId, r.BillFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Keys.ToString(CultureInfo.InvariantCulture), r.Claims.ToString(CultureInfo.InvariantCulture));
            }
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

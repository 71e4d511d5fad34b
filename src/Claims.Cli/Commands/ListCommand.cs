using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Claims.Audit;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var state = new Option<string?>("--state") { Description = "Only claims in this state (e.g. Coding, Denied)." };
        var json = new Option<bool>("--json") { Description = "Machine output: a JSON array of claims." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows in the table (0 = all). JSON lists all.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List claims with their state and totals.") { state, json, limit };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var filter = parse.GetValue(state) is { } s ? ClaimLookup.ParseState(s) : (Domain.ClaimState?)null;
            await using var db = await env.OpenDatabaseAsync(token);
            var rows = ClaimViews.Rows(db, filter).AsNoTracking();
            // Lists carry dates of service by patient pseudonym: a bulk read, recorded once before anything is shown.
            db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "ClaimList", null, PurposeOfUse: "HPAYMT",
                Details: $"cli list state={filter?.ToString() ?? "any"}"));
            await db.SaveChangesAsync(token);
            if (parse.GetValue(json))
            {
                // Streamed, so a list of a million claims does not sit in memory.
                await using var stream = new MemoryStream();
                await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartArray();
                    await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(token))
                    {
                        JsonSerializer.Serialize(writer, row, Json.Options);
                        if (stream.Length > 1 << 20)
                        {
                            await writer.FlushAsync(token);
                            await env.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
                            stream.SetLength(0);
                        }
                    }
                    writer.WriteEndArray();
                }
                await env.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
                return ExitCodes.Ok;
            }

            var take = parse.GetValue(limit);
            var total = await db.Claims.CountAsync(c => filter == null || c.State == filter, token);
            var shown = await (take > 0 ? rows.Take(take) : rows).ToListAsync(token);
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Control #", "State", "Clinic", "Patient", "Payer", "Service")
                .AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Total").RightAligned());
            foreach (var r in shown)
            {
                table.AddRow(
                    Markup.Escape(r.ControlNumber), r.State.ToString(), Markup.Escape(r.Clinic), Markup.Escape(r.Patient), Markup.Escape(r.Payer),
                    r.ServiceFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Lines.ToString(CultureInfo.InvariantCulture),
                    r.TotalCharge.ToString("N2", CultureInfo.InvariantCulture));
            }
            env.Console.Write(table);
            env.Console.WriteLine($"{shown.Count} of {total} claim(s){(filter is null ? "" : $" in {filter}")}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

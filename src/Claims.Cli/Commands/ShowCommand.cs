using System.CommandLine;
using System.Globalization;
using Claims.Audit;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

internal static class ShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("id") { Description = "Claim id (GUID) or claim control number." };
        var json = new Option<bool>("--json") { Description = "Machine output: the claim as JSON." };
        var command = new Command("show", "Show one claim: parties, codes, lines, permitted triggers and history.") { id, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claim = await ClaimLookup.FindAsync(db, parse.GetValue(id)!, token);
            var detail = await ClaimViews.DetailAsync(db, claim, token);
            // A PHI read is recorded before the data leaves (HIPAA 164.312(b)).
            db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "Claim", claim.Id.ToString(), detail.Patient, PurposeOfUse: "HPAYMT", Details: "cli show"));
            await db.SaveChangesAsync(token);
            detail = detail with { PatientName = await PatientNameAsync(db, claim.PatientId, token) };
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, detail);
                return ExitCodes.Ok;
            }
            Render(env.Console, detail);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task<string?> PatientNameAsync(ClaimsDbContext db, Guid patientId, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId, ct);
        if (patient.FamilyNameCipher is null && patient.GivenNamesCipher is null) return null;
        var phi = await db.Phi.RevealAsync(patient, ct);
        return phi is null ? ClaimViews.Erased : string.Join(", ", new[] { phi.FamilyName, phi.GivenNames }.Where(n => n is not null));
    }

    private static void Render(IAnsiConsole console, ClaimDetail d)
    {
        var inv = CultureInfo.InvariantCulture;
        var head = new Grid().AddColumn().AddColumn();
        head.AddRow("Claim", $"{Markup.Escape(d.ControlNumber)}  ({d.Id})");
        head.AddRow("State", $"[bold]{d.State}[/]  version {d.Version}");
        head.AddRow("Clinic", Markup.Escape(d.Clinic));
        head.AddRow("Patient", Markup.Escape(d.PatientName is null ? d.Patient : $"{d.Patient}  {d.PatientName}"));
        head.AddRow("Payer", Markup.Escape(d.Payer));
        head.AddRow("Billing / rendering NPI", $"{d.BillingProviderNpi} / {d.RenderingProviderNpi ?? "-"}");
        head.AddRow("Service", $"{d.ServiceFrom.ToString("yyyy-MM-dd", inv)} to {d.ServiceTo.ToString("yyyy-MM-dd", inv)}, place of service {d.PlaceOfService}, frequency {d.FrequencyCode}");
        head.AddRow("Total charge", d.TotalCharge.ToString("N2", inv));
        head.AddRow("Diagnoses", string.Join("  ", d.Diagnoses.Select(x => $"{x.Sequence}:{x.Code}")));
        console.Write(head);

        var lines = new Table().Border(TableBorder.Rounded).AddColumns("#", "Code", "Modifiers", "Units")
            .AddColumn(new TableColumn("Charge").RightAligned()).AddColumns("Pointers", "Date");
        foreach (var l in d.Lines)
        {
            lines.AddRow(l.Line.ToString(inv), $"{l.Code} ({l.System})", string.Join(",", l.Modifiers), l.Units.ToString(inv), l.Charge.ToString("N2", inv),
                string.Join(",", l.DiagnosisPointers), l.ServiceDate.ToString("yyyy-MM-dd", inv));
        }
        console.Write(lines);

        var permitted = d.PermittedTriggers.Count == 0 ? "none (final state)" : string.Join("; ", d.PermittedTriggers.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"));
        console.MarkupLine($"Permitted triggers: {Markup.Escape(permitted)}");

        var history = new Table().Border(TableBorder.Simple).AddColumns("When (UTC)", "From", "Trigger", "To", "Actor", "Reason");
        foreach (var e in d.History)
        {
            history.AddRow(e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv), e.From.ToString(), e.Trigger.ToString(), e.To.ToString(), Markup.Escape($"{e.Actor} ({e.Role})"), Markup.Escape(e.Reason ?? ""));
        }
        console.Write(history);
    }
}

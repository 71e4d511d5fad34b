using System.CommandLine;
using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
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
            await new ClaimReads(db).RecordAsync(claim.Id, detail.Patient, demographics: true, env.As(ClaimRole.Admin), token);
            detail = detail with { PatientName = await PatientNameAsync(db, claim.PatientId, token), Eob = await ExplanationOfBenefits.ForClaimAsync(db, claim.Id, token) };
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
        if (d.Eob is { } eob) RenderEob(console, eob);
    }

    /// <summary>The explanation of benefits: each posted claim payment with its adjustments and remarks in words, line by line, then the balances.</summary>
    private static void RenderEob(IAnsiConsole console, ExplanationOfBenefitsView eob)
    {
        var inv = CultureInfo.InvariantCulture;
        static string Money(long? cents) => cents is { } c ? (c * 0.01m).ToString("N2", CultureInfo.InvariantCulture) : "";
        static string Adjustment(EobAdjustmentView a) => $"{a.Group}-{a.Reason} {Money(a.AmountCents)}{(a.Quantity is { } q ? $" x{q}" : "")}: {a.ReasonText} [{a.GroupText}]";
        if (eob.Payments.Count == 0)
        {
            console.MarkupLine("Explanation of benefits: nothing posted yet.");
            return;
        }
        console.MarkupLine("[bold]Explanation of benefits[/]");
        foreach (var p in eob.Payments)
        {
            console.MarkupLine(Markup.Escape($"{p.PostedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)}  CLP02 {p.StatusCode} {p.StatusText}{(p.IsReversal ? " (reversal)" : "")}: charge {Money(p.ChargeCents)}, paid {Money(p.PaidCents)}, patient {Money(p.PatientResponsibilityCents)}, payer claim {p.PayerClaimNumber ?? "-"}"));
            foreach (var a in p.Adjustments) console.MarkupLine(Markup.Escape("  claim: " + Adjustment(a)));
            foreach (var r in p.Remarks) console.MarkupLine(Markup.Escape($"  remark {r.Code}: {r.Text}"));
            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "Code", "Units").AddColumn(new TableColumn("Charge").RightAligned())
                .AddColumn(new TableColumn("Allowed").RightAligned()).AddColumn(new TableColumn("Paid").RightAligned()).AddColumns("Adjustments", "Remarks");
            foreach (var l in p.Lines)
            {
                table.AddRow(l.LineNumber?.ToString(inv) ?? "?", Markup.Escape(string.Join(":", new[] { l.Code }.Concat(l.Modifiers))), l.Units?.ToString(inv) ?? "",
                    Money(l.ChargeCents), Money(l.AllowedCents), Money(l.PaidCents), Markup.Escape(string.Join("\n", l.Adjustments.Select(Adjustment))),
                    Markup.Escape(string.Join("\n", l.Remarks.Select(r => $"{r.Code}: {r.Text}"))));
            }
            if (p.Lines.Count > 0) console.Write(table);
        }
        var b = eob.Balance;
        console.MarkupLine(Markup.Escape($"Ledger: charges {Money(b.ChargeCents)}, paid {Money(b.PaidCents)}, contractual {Money(b.ContractualCents)}, denied (open) {Money(b.DeniedCents)}; balance {Money(b.BalanceCents)} = payer {Money(b.PayerBalanceCents)} + patient {Money(b.PatientBalanceCents)}"));
    }
}

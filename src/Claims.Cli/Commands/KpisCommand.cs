using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Operations.Kpis;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims kpis [--clinic ID] [--month YYYY-MM] [--json]</c>: each KPI with its value, numerator, denominator and
/// formula, from the same use case as the dashboard (<see cref="OperationsKpis"/>), and AR aging by payer.
/// </summary>
internal static class KpisCommand
{
    public static Command Create(CliEnvironment env)
    {
        var clinic = new Option<string?>("--clinic") { Description = "A clinic (id or name); all clinics when left out." };
        var month = new Option<string?>("--month") { Description = "The month, YYYY-MM (default: the current month, so far)." };
        var json = new Option<bool>("--json") { Description = "Machine output (with the claim ids behind each figure)." };
        var command = new Command("kpis", "Operations KPIs for a month: value, numerator, denominator and formula.") { clinic, month, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var period = parse.GetValue(month) is { } m ? Parse(m) : ReportMonth.Of(env.Time.GetUtcNow());
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = parse.GetValue(clinic) is { } c ? (await new ClinicDirectory(db).FindAsync(c, token)).Id : (Guid?)null;
            var report = await new OperationsKpis(db, env.Time).ForMonthAsync(clinicId, period, env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, report);
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"KPIs {report.Month}, {report.Scope}, as of {report.AsOf:yyyy-MM-dd HH:mm} UTC"));
            foreach (var k in report.Kpis)
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{k.Name}: {k.Display} = {k.NumeratorDisplay} {k.NumeratorLabel} / {k.DenominatorDisplay} {k.DenominatorLabel}{(k.Note is null ? "" : $" ({k.Note})")}  [target {k.Target}]"));
                await env.Out.WriteLineAsync($"    {k.Formula}");
            }
            await env.Out.WriteLineAsync($"AR aging by payer ({string.Join(" | ", ArAgingRow.Buckets)} | total):");
            foreach (var row in report.Aging)
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {row.Payer}: {string.Join(" | ", row.BucketCents.Select(c => (c / 100m).ToString("0.00", CultureInfo.InvariantCulture)))} | {row.TotalCents / 100m:0.00}"));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal static ReportMonth Parse(string text)
    {
        try
        {
            return ReportMonth.Parse(text);
        }
        catch (DomainValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}

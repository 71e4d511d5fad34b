using System.CommandLine;
using Claims.Domain;
using Claims.Operations.Reports;

namespace Claims.Cli.Commands;

/// <summary><c>claims reports monthly --clinic ID --month YYYY-MM --out DIR</c>: the monthly client report, PDF and Excel: the kept one for a closed month, else made now (<see cref="MonthlyReportArchive"/>).</summary>
internal static class ReportsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("reports", "Operations reports for clients.");
        command.Subcommands.Add(Monthly(env));
        return command;
    }

    private static Command Monthly(CliEnvironment env)
    {
        var clinic = new Option<string>("--clinic") { Description = "The clinic (id or name).", Required = true };
        var month = new Option<string>("--month") { Description = "The month, YYYY-MM.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to write the PDF and the workbook into.", Required = true };
        var json = new Option<bool>("--json") { Description = "Machine output: the files written." };
        var command = new Command("monthly", "The monthly client report (KPIs, AR aging, collections, denials, SLA, QA) as a PDF and an Excel workbook; no patient data (audited export).") { clinic, month, output, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var period = KpisCommand.Parse(parse.GetValue(month)!);
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = (await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token)).Id;
            var files = await new MonthlyReportArchive(db, env.Time, new MonthlyReports(db, env.Time)).DownloadAsync(clinicId, period, env.As(ClaimRole.Admin), token);
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var pdf = Path.Combine(folder, files.PdfName);
            var xlsx = Path.Combine(folder, files.WorkbookName);
            await File.WriteAllBytesAsync(pdf, files.Pdf, token);
            await File.WriteAllBytesAsync(xlsx, files.Workbook, token);
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, new { pdf, workbook = xlsx, clinic = clinicId, month = files.Month.ToString(), kept = files.Kept, createdAt = files.CreatedAt });
            else await env.Out.WriteLineAsync(files.Kept ? $"Wrote {pdf} and {xlsx} (the report kept on {files.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)." : $"Wrote {pdf} and {xlsx}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

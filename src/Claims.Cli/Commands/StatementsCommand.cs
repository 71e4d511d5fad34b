using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Privacy;
using Claims.Statements;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims statements --clinic ID [--patient ID] --out DIR [--json]</c>: patient statements as PDFs (the
/// <see cref="PatientStatements"/> use case, as the Statements page). Each file is PHI: created 0600, audited as an
/// export; the summary printed names no one (pseudonyms, amounts, file names).
/// </summary>
internal static class StatementsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var clinic = new Option<string>("--clinic") { Description = "The clinic (id or name).", Required = true };
        var patient = new Option<string?>("--patient") { Description = "Only this patient (id or pseudonym PT-...); else every patient of the clinic who owes something." };
        var output = new Option<string>("--out") { Description = "The folder to write the PDFs into (files 0600: they are PHI).", Required = true };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("statements", "Patient statements (PDF) for a clinic's patients with a balance; audited exports.") { clinic, patient, output, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = (await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token)).Id;
            var statements = new PatientStatements(db, env.Time, env.CodeSets);
            var caller = env.As(ClaimRole.Biller);
            IReadOnlyList<StatementDocument> documents;
            var erased = 0;
            if (parse.GetValue(patient) is { } who)
            {
                var found = await new PatientRecords(db).FindOneAsync(who, token);
                documents = [await statements.StatementAsync(clinicId, found.Id, caller, token)];
            }
            else
            {
                var run = await statements.ClinicStatementsAsync(clinicId, caller, token);
                documents = run.Statements;
                erased = run.Erased;
            }
            var folder = PrivateFiles.Folder(Path.GetFullPath(parse.GetValue(output)!));
            var written = new List<(StatementDocument Document, string Path)>();
            foreach (var document in documents)
            {
                var path = Path.Combine(folder, document.FileName);
                PrivateFiles.File(path);
                await File.WriteAllBytesAsync(path, document.Pdf, token);
                written.Add((document, path));
            }
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new
                {
                    clinic = clinicId,
                    statements = written.Select(w => new { patient = w.Document.PatientId, pseudonym = w.Document.Pseudonym, file = w.Path, claims = w.Document.Claims, services = w.Document.Services, amountDue = w.Document.AmountDueCents / 100m, sha256 = w.Document.Sha256 }),
                    totalDue = documents.Sum(d => d.AmountDueCents) / 100m,
                    erased,
                });
                return ExitCodes.Ok;
            }
            foreach (var (d, path) in written)
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{d.Pseudonym}  {d.Claims} claim(s), {d.Services} service(s), amount due {d.AmountDueCents / 100m:0.00}  {path}"));
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{documents.Count} statement(s), {documents.Sum(d => d.AmountDueCents) / 100m:0.00} due in all{(erased > 0 ? $"; {erased} patient(s) with a balance were erased and get none" : "")}. The PDFs are PHI: keep them safe."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Claims.Audit;
using Claims.Coding;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims codes for-claim|accept|reject</c>: the suggestions for one claim's encounter with their evidence, and the
/// coder's verdict on each, recorded (an accepted ICD-10-CM code joins the claim's diagnoses while it is being coded).
/// </summary>
internal static class ClaimCodingCommands
{
    public static IEnumerable<Command> Create(CliEnvironment env) => [ForClaim(env), Verdict(env, CodingVerdict.Accepted), Verdict(env, CodingVerdict.Rejected)];

    private sealed record SuggestionRow(string Source, string? Snomed, string Text, string System, string Code, string Description, double Score, string Evidence);

    private static Command ForClaim(CliEnvironment env)
    {
        var claimArg = new Argument<string>("claim") { Description = "Claim id or control number." };
        var take = new Option<int>("--take") { Description = "Suggestions per clinical item.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Machine output: [{source, snomed, text, system, code, description, score, evidence}]." };
        var command = new Command("for-claim", "Suggest the E/M code for a claim's encounter, ICD-10-CM codes for its conditions, vaccine product and administration codes, and CPT/HCPCS for its procedures and items, with evidence.") { claimArg, take, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claim = await ClaimLookup.FindAsync(db, parse.GetValue(claimArg)!, token);
            var sources = await ClaimCoding.SourcesAsync(db, claim.Id, token);
            var search = env.CodeSets.Search;
            // The birth year, not the decrypted birth date: the age may read one year high, and the E/M evidence says so.
            var encounter = await ClaimCoding.EncounterFactsAsync(db, claim, null, token);
            var rows = ClaimCodingSuggestions.For(search, sources, encounter, parse.GetValue(take))
                .SelectMany(s => s.Suggestions.Select(x => new SuggestionRow(s.Source.Resource, s.Source.SnomedCode, s.Source.Text, s.Source.IsProcedure ? "cpt/hcpcs" : "icd10cm", x.Code, x.Description, Math.Round(x.Score, 3), x.Evidence)))
                .ToList();
            var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(token);
            db.Audit(new AuditRecord(env.ActorId, "Coder", AuditAction.Read, "Claim", claim.Id.ToString(), pseudonym, PurposeOfUse: "HPAYMT", Details: "cli codes for-claim"));
            await db.SaveChangesAsync(token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, rows);
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Source", "Text", "Code", "Description").AddColumn(new TableColumn("Score").RightAligned());
            foreach (var r in rows) table.AddRow(r.Source, Markup.Escape(r.Text), r.Code, Markup.Escape(r.Description), r.Score.ToString("0.000", CultureInfo.InvariantCulture));
            env.Console.Write(table);
            env.Console.WriteLine($"{sources.Count} clinical item(s), {rows.Count} suggestion(s) for claim {claim.ControlNumber}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Verdict(CliEnvironment env, CodingVerdict verdict)
    {
        var claimArg = new Argument<string>("claim") { Description = "Claim id or control number." };
        var codeArg = new Argument<string>("code") { Description = "The suggested code (J20.9, 99213, J1885 ...)." };
        var system = new Option<string?>("--system") { Description = "icd10cm, cpt or hcpcs (default: cpt for five digits, else icd10cm)." };
        var evidence = new Option<string?>("--evidence") { Description = "What the suggestion was based on (e.g. Condition/2: Acute bronchitis)." };
        var score = new Option<double?>("--score") { Description = "The suggestion's score, as shown." };
        var source = new Option<int?>("--source") { Description = "The clinical item's sequence the suggestion came from (its charge goes on an accepted procedure's line)." };
        var version = new Option<int?>("--version") { Description = "Act only if the claim is still at this version." };
        var name = verdict == CodingVerdict.Accepted ? "accept" : "reject";
        var command = new Command(name, verdict == CodingVerdict.Accepted
            ? "Accept a suggested code for a claim being coded (the workbench act): recorded, an ICD-10-CM code joins the diagnoses, a CPT/HCPCS code becomes a line."
            : "Reject a suggested code for a claim: recorded for coder QA and suggestion quality.") { claimArg, codeArg, system, evidence, score, source, version };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var (code, kind) = ClaimCoding.Normalise(parse.GetValue(codeArg)!, parse.GetValue(system) switch
            {
                null => (CodeSystemKind?)null,
                var s when s.Equals("icd10cm", StringComparison.OrdinalIgnoreCase) => CodeSystemKind.Icd10Cm,
                var s when s.Equals("cpt", StringComparison.OrdinalIgnoreCase) => CodeSystemKind.Cpt,
                var s when s.Equals("hcpcs", StringComparison.OrdinalIgnoreCase) => CodeSystemKind.Hcpcs,
                var s => throw new UsageException($"Unknown code system '{s}': use icd10cm, cpt or hcpcs."),
            });
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = await ClaimLookup.IdAsync(db, parse.GetValue(claimArg)!, token);
            var result = await new Workbench(db, env.Time, env.Scrubber)
                .RecordVerdictAsync(claimId, env.As(ClaimRole.Coder), parse.GetValue(version), code, kind, verdict, parse.GetValue(evidence), parse.GetValue(score), parse.GetValue(source), token);
            await env.Out.WriteLineAsync($"Claim {result.Claim.ControlNumber}: {result.Message}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

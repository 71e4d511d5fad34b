using System.CommandLine;
using Claims.Audit;
using Claims.Domain;
using Claims.Intake;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims scrub &lt;id&gt;|--all</c>: run the edits on stored claims; <c>claims scrub --fhir FILE</c>: a dry run on
/// the Claims of a FHIR R4 bundle, without opening the database. Exit 1 when any error finding (or an unreadable
/// bundle), 2 on usage errors.
/// </summary>
internal static class ScrubCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string?>("id") { Description = "Claim id (GUID) or claim control number.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Scrub every claim that is not voided." };
        var verify = new Option<bool>("--verify") { Description = "For claims in Verification: fire VerificationPassed or VerificationFailed as the scrubber." };
        var asOf = new Option<string?>("--as-of") { Description = "Judge timely filing as of this date (YYYY-MM-DD; default today)." };
        var json = new Option<bool>("--json") { Description = "Machine output: [{claim, edit, severity, message, location, source}]." };
        var fhir = new Option<string?>("--fhir") { Description = "Dry run: scrub the Claims of this FHIR R4 bundle (JSON) and store nothing." };
        var command = new Command("scrub", "Run the claim edits (validity, NCCI, MUE, sex/age, eligibility, timely filing, duplicates) and print findings.") { id, all, verify, asOf, json, fhir };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var one = parse.GetValue(id);
            if (parse.GetValue(fhir) is { } file)
            {
                if (one is not null || parse.GetValue(all) || parse.GetValue(verify)) throw new UsageException("--fhir scrubs a bundle on its own: give no claim id, --all or --verify with it.");
                return await DryRunAsync(env, file, Today(env, parse.GetValue(asOf)), parse.GetValue(json), token);
            }
            if ((one is null) == !parse.GetValue(all)) throw new UsageException("Give a claim id, --all or --fhir FILE.");
            await using var db = await env.OpenDatabaseAsync(token);
            var claims = one is null
                ? await db.Claims.Where(c => c.State != ClaimState.Voided).OrderBy(c => c.Id).ToListAsync(token)
                : [await ClaimLookup.FindAsync(db, one, token)];
            var inputs = await StoredClaimInputs.LoadAsync(db, claims, claimsAreAll: one is null, token);
            var scrubber = env.Scrubber;
            var verifier = new ClaimVerifier(scrubber, env.Time);
            var today = Today(env, parse.GetValue(asOf));

            var rows = new List<FindingRow>();
            foreach (var claim in claims)
            {
                var input = inputs.For(claim);
                var result = parse.GetValue(verify) && claim.State == ClaimState.Verification
                    ? verifier.Verify(claim, input, inputs.Duplicates)
                    : scrubber.Scrub(input, today, inputs.Duplicates);
                rows.AddRange(result.Findings.Select(f => new FindingRow(claim.ControlNumber.Value, f.Edit, Severity(f.Severity), f.Message, f.Location, f.Source)));
            }
            // Findings reveal patient facts (sex, age, dates): each claim scrubbed is a recorded read.
            foreach (var claim in claims)
            {
                db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "Claim", claim.Id.ToString(), inputs.Pseudonym(claim),
                    PurposeOfUse: "HPAYMT", Details: "cli scrub"));
            }
            await db.SaveChangesAsync(token);

            return await PrintAsync(env, rows, claims.Count, parse.GetValue(json), dryRun: false);
        }, ct));
        return command;
    }

    /// <summary>
    /// Timely filing counts from the date of service to the day the payer receives the claim; for a dry run the
    /// earliest that can be is today (the clinic's clock), not the bundle's timestamp or Claim.created, which say
    /// when the data was written. <c>--as-of</c> pins it for re-runs and tests.
    /// </summary>
    private static DateOnly Today(CliEnvironment env, string? asOf) =>
        asOf is { } d ? CliArguments.ParseDate(d) : DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime);

    /// <summary>Reads the bundle, scrubs its Claims in order (earlier ones count as on file for DUPLICATE), stores nothing.</summary>
    private static async Task<int> DryRunAsync(CliEnvironment env, string file, DateOnly today, bool json, CancellationToken token)
    {
        if (!File.Exists(file)) throw new UsageException($"No such file: {file}");
        ScrubBundle bundle;
        await using (var stream = File.OpenRead(file)) bundle = await ScrubBundleMapper.ReadAsync(stream, cancellationToken: token);
        if (!bundle.IsReadable)
        {
            // The file's name and the issue's path and message only: intake messages never quote values (PHI).
            foreach (var issue in bundle.Issues.Where(i => i.IsError))
            {
                await env.Error.WriteLineAsync($"error: {Path.GetFileName(file)} cannot be scrubbed: {issue.Message} ({issue.Expression})");
            }
            return ExitCodes.DomainFailure;
        }
        var scrubber = env.Scrubber;
        var results = scrubber.ScrubInOrder(bundle.Claims, today);
        var rows = results.SelectMany(r => r.Findings.Select(f => new FindingRow(r.ClaimId, f.Edit, Severity(f.Severity), f.Message, f.Location, f.Source))).ToList();
        return await PrintAsync(env, rows, results.Count, json, dryRun: true);
    }

    private static async Task<int> PrintAsync(CliEnvironment env, List<FindingRow> rows, int claims, bool json, bool dryRun)
    {
        if (json) await Json.WriteAsync(env.Out, rows);
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Claim", "Edit", "Severity", "Location", "Message");
            foreach (var r in rows) table.AddRow(Markup.Escape(r.Claim), r.Edit, r.Severity, Markup.Escape(r.Location), Markup.Escape(r.Message));
            if (rows.Count > 0) env.Console.Write(table);
            env.Console.WriteLine($"{claims} claim(s) scrubbed{(dryRun ? " (dry run, nothing stored)" : "")}, {rows.Count(r => r.Severity == "error")} error(s), {rows.Count(r => r.Severity == "warning")} warning(s).");
        }
        return rows.Any(r => r.Severity == "error") ? ExitCodes.DomainFailure : ExitCodes.Ok;
    }

    /// <summary>Lower case, as FHIR OperationOutcome writes issue severities.</summary>
    internal static string Severity(ScrubSeverity severity) => severity == ScrubSeverity.Error ? "error" : "warning";

    private sealed record FindingRow(string Claim, string Edit, string Severity, string Message, string Location, string Source);
}

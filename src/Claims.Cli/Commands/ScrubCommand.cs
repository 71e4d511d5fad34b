using System.CommandLine;
using Claims.Audit;
using Claims.Claims;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary><c>claims scrub &lt;id&gt;|--all</c>: run the edits on stored claims; exit 1 when any error finding.</summary>
internal static class ScrubCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string?>("id") { Description = "Claim id (GUID) or claim control number.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Scrub every claim that is not voided." };
        var verify = new Option<bool>("--verify") { Description = "For claims in Verification: fire VerificationPassed or VerificationFailed as the scrubber." };
        var asOf = new Option<string?>("--as-of") { Description = "Judge timely filing as of this date (YYYY-MM-DD; default today)." };
        var json = new Option<bool>("--json") { Description = "Machine output: [{claim, edit, severity, message, location, source}]." };
        var command = new Command("scrub", "Run the claim edits (validity, NCCI, MUE, sex/age, eligibility, timely filing, duplicates) and print findings.") { id, all, verify, asOf, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var one = parse.GetValue(id);
            if ((one is null) == !parse.GetValue(all)) throw new UsageException("Give a claim id or --all (not both).");
            await using var db = await env.OpenDatabaseAsync(token);
            var claims = one is null
                ? await db.Claims.Where(c => c.State != ClaimState.Voided).OrderBy(c => c.Id).ToListAsync(token)
                : [await ClaimLookup.FindAsync(db, one, token)];
            var patientIds = claims.Select(c => c.PatientId).Distinct().ToList();
            var patients = await db.Patients.Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, token);
            var payers = await db.Payers.ToDictionaryAsync(p => p.Id, token);
            var coverages = await db.Coverages.Where(c => patientIds.Contains(c.PatientId)).ToDictionaryAsync(c => c.Id, token);
            var siblings = one is null ? claims : await db.Claims.AsNoTracking().Where(c => patientIds.Contains(c.PatientId) && c.State != ClaimState.Voided).ToListAsync(token);

            ScrubClaim Input(Claim c) => ScrubInputs.FromClaim(
                c, patients.GetValueOrDefault(c.PatientId), c.PayerId is { } p ? payers.GetValueOrDefault(p) : null,
                c.CoverageId is { } cov ? coverages.GetValueOrDefault(cov) : null,
                hasSubscriberId: c.CoverageId is not null); // the member id itself is PHI, stored encrypted with the coverage
            var duplicates = new DuplicateIndex(siblings.Select(Input));
            var scrubber = new Scrubber(CodesCommand.Load(env));
            var verifier = new ClaimVerifier(scrubber, env.Time);
            var today = parse.GetValue(asOf) is { } d ? CodesCommand.ParseDate(d) : DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime);

            var rows = new List<FindingRow>();
            foreach (var claim in claims)
            {
                var input = Input(claim);
                var result = parse.GetValue(verify) && claim.State == ClaimState.Verification
                    ? verifier.Verify(claim, input, duplicates)
                    : scrubber.Scrub(input, today, duplicates);
                rows.AddRange(result.Findings.Select(f => new FindingRow(claim.ControlNumber.Value, f.Edit, Severity(f.Severity), f.Message, f.Location, f.Source)));
            }
            // Findings reveal patient facts (sex, age, dates): each claim scrubbed is a recorded read.
            foreach (var claim in claims)
            {
                db.Audit(new AuditRecord(env.ActorId, "Operator", AuditAction.Read, "Claim", claim.Id.ToString(), patients.GetValueOrDefault(claim.PatientId)?.Pseudonym,
                    PurposeOfUse: "HPAYMT", Details: "cli scrub"));
            }
            await db.SaveChangesAsync(token);

            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, rows);
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Claim", "Edit", "Severity", "Location", "Message");
                foreach (var r in rows) table.AddRow(Markup.Escape(r.Claim), r.Edit, r.Severity, Markup.Escape(r.Location), Markup.Escape(r.Message));
                if (rows.Count > 0) env.Console.Write(table);
                env.Console.WriteLine($"{claims.Count} claim(s) scrubbed, {rows.Count(r => r.Severity == "error")} error(s), {rows.Count(r => r.Severity == "warning")} warning(s).");
            }
            return rows.Any(r => r.Severity == "error") ? ExitCodes.DomainFailure : ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Lower case, as FHIR OperationOutcome writes issue severities.</summary>
    internal static string Severity(ScrubSeverity severity) => severity == ScrubSeverity.Error ? "error" : "warning";

    private sealed record FindingRow(string Claim, string Edit, string Severity, string Message, string Location, string Source);
}

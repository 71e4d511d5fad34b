using System.CommandLine;
using Claims.Audit;
using Claims.Domain;
using Claims.Cli;
using Claims.Demo;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Audit;

/// <summary>
/// Nothing that touches PHI goes unaudited: every CLI command must be classified here, and each one that reads or
/// writes patient data is run and must leave at least one new entry in a chain that still verifies. A new command
/// fails the first test until someone decides which kind it is.
/// </summary>
public sealed class PhiAccessAuditTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    // Commands that read or change patient data (dates of service, codes, pseudonyms, clinical context).
    private static readonly Dictionary<string, Func<Fixture, string[]>> TouchesPhi = new()
    {
        ["show"] = f => ["show", f.ClaimId],
        ["list"] = _ => ["list", "--json"],
        ["fire"] = f => ["fire", f.ReceivedClaimId, "StartCoding"],
        ["seed"] = _ => ["seed", "--patients", "2", "--seed", "99"],
        ["ingest"] = f => ["ingest", f.Bundle, "--clinic", f.ClinicId],
        ["audit who"] = f => ["audit", "who", "--patient", f.Pseudonym],
        ["audit search"] = f => ["audit", "search", "--patient", f.Pseudonym, "--json"],
        ["patients add-secondary-coverage"] = f => ["patients", "add-secondary-coverage", f.Pseudonym, "--payer", f.OtherPayerId(), "--member-id", "SEC1234", "--from", "2020-01-01"],
        ["audit export"] = f => ["audit", "export", "--format", "ndjson", "--out", Path.Combine(f.Home, "x.ndjson")],
        ["scrub"] = f => ["scrub", f.ClaimId],
        ["codes for-claim"] = f => ["codes", "for-claim", f.ClaimId],
        ["codes accept"] = f => ["codes", "accept", f.ReceivedClaimId, "J20.9"],
        ["codes reject"] = f => ["codes", "reject", f.ReceivedClaimId, "R05"],
        ["workbench dx add"] = f => ["workbench", "dx", "add", f.ReceivedClaimId, "J06.9"],
        ["workbench dx move"] = f => ["workbench", "dx", "move", f.ReceivedClaimId, "2", "--by", "-1"],
        ["workbench line add"] = f => ["workbench", "line", "add", f.ReceivedClaimId, "99213", "--charge", "50.00", "--pointers", "1"],
        ["workbench line revise"] = f => ["workbench", "line", "revise", f.ReceivedClaimId, "1", "--units", "1", "--charge", "60.00", "--pointers", "1"],
        ["workbench line remove"] = f => ["workbench", "line", "remove", f.ReceivedClaimId, "1"],
        ["workbench dx remove"] = f => ["workbench", "dx", "remove", f.ReceivedClaimId, "1"],
        ["questions ask"] = f => ["questions", "ask", f.ReceivedClaimId, "Which knee?"],
        ["questions list"] = f => ["questions", "list", f.ReceivedClaimId],
        ["questions answer"] = f => ["questions", "answer", f.OpenQuestionId(), "The left one."],
        ["workbench take"] = f => ["workbench", "take", f.ReceivedClaimId],
        ["workbench release"] = f => ["workbench", "release", f.ReceivedClaimId],
        ["workbench next"] = _ => ["workbench", "next"],
        ["workbench complete"] = f => ["workbench", "complete", f.NextClaimId()],
        ["patients find"] = f => ["patients", "find", "--name", "Doe", "--birth-date", "1970-01-01", "--json"],
        ["patients show"] = f => ["patients", "show", f.Pseudonym, "--json"],
        ["submit"] = f => ["submit", "--json"],
        ["batches resend"] = f => ["batches", "resend", f.BatchId()],
        ["batches download"] = f => ["batches", "download", f.BatchId(), "--out", Path.Combine(f.Home, "batch")],
        ["batches fetch"] = f =>
        {
            // An answer waiting in the clearinghouse's outbound folder: fetching stores it (encrypted) and audits it.
            Directory.CreateDirectory(Path.Combine(f.Home, "clearinghouse", "outbound"));
            File.WriteAllText(Path.Combine(f.Home, "clearinghouse", "outbound", "999-test.x12"), "not x12");
            return ["batches", "fetch"];
        },
        ["denials list"] = _ => ["denials", "list", "--json"],
        ["denials show"] = f => ["denials", "show", f.Denied(0)],
        ["denials take"] = f => ["denials", "take", f.Denied(0)],
        ["denials release"] = f => ["denials", "release", f.Denied(0)],
        ["denials bulk-write-off"] = f => ["denials", "bulk-write-off", f.Denied(0), "--reason", "contractual"],
        ["denials correct"] = f => ["denials", "correct", f.Denied(1)],
        ["denials void"] = f => ["denials", "void", f.Denied(2), "--reason", "wrong payer"],
        ["denials write-off"] = f => ["denials", "write-off", f.Denied(3), "--reason", "small balance"],
        ["denials approve"] = f => ["denials", "approve", f.WriteOffRequest(0)],
        ["denials refuse"] = f => ["denials", "refuse", f.WriteOffRequest(1)],
        ["denials analytics"] = _ => ["denials", "analytics"],
        ["denials appeal"] = f => ["denials", "appeal", f.Denied(4), "--argument", "The record supports the service."],
        ["appeals list"] = _ => ["appeals", "list"],
        ["appeals attach"] = f => ["appeals", "attach", f.AppealId(), f.Bundle],
        ["appeals show"] = f => ["appeals", "show", f.AppealId()],
        ["appeals letter"] = f => ["appeals", "letter", f.AppealId(), "--out", Path.Combine(f.Home, "appeal.pdf")],
        ["appeals send"] = f => ["appeals", "send", f.AppealId()],
        ["appeals decide"] = f => ["appeals", "decide", f.AppealId(), "upheld", "--on", "2026-11-20"],
        ["gdpr export"] = f => ["gdpr", "export", "--patient", f.Pseudonym, "--out", Path.Combine(f.Home, "gdpr.json")],
        ["remit"] = _ => ["remit", Path.Combine(FhirFixtures.Root, "..", "x12", "oopfactory-x12parser", "INS", "_835", "_5010", "ExampleFromNth.txt")],
        ["statements"] = f => ["statements", "--clinic", f.ClinicId, "--out", Path.Combine(f.Home, "statements")],
        ["payments record"] = f => ["payments", "record", "--patient", f.Pseudonym, "--amount", "1.00", "--date", "2026-11-20", "--method", "cash"], // refused (owes nothing): the attempt is audited
        ["filing list"] = _ => ["filing", "list", "--json"],
        ["filing write-off"] = f => ["filing", "write-off", f.PastLimitClaimId()],
        ["filing release"] = f => ["filing", "release", f.PastLimitClaimId(), "--reason", "277CA acceptance of the first submission"],
        ["gdpr erase"] = f => ["gdpr", "erase", "--patient", f.Pseudonym], // last: it shreds the patient's key
    };

    // Commands that touch no patient data in the store (reference data, keys, the workflow, benchmarks on scratch data).
    private static readonly HashSet<string> NoPhi =
    [
        "workflow", "audit verify", "audit public-key", "clinics add", "clinics key", "clinics list", "clinics rename", "clinics revoke", "clinics keys",
        "contracts show", "contracts set", "productivity", "qa sample", "qa list", // contracts, teams' figures, QA samples by control number and coder
        "clinics billing", "clinics bill-from", "fees import", "fees list", "batches list", "batches show", // clinic settings; batch control numbers, counts and charges
        "denials rules", "denials pending", // the rules table; pending write-offs by control number, amount and code
        "kpis", "reports monthly", "invoices", // aggregate figures (invoices: claim control numbers and fees); audited as operations reads and exports
        "codes lookup", "codes search", "codes suggest", "codes info", "codes import-icd10cm", "codes import-ncci", "codes import-mue", "codes import-cpt", "codes bench",
        "bench ingest", "bench audit", "bench rotate", "bench queue", "bench scale", "bench soak", "bench soak-instance",
        "jobs list", // job names, times, counts and exception types
        "keys rotate", // re-wraps data keys without decrypting any PHI; audited as KeyRotation all the same
    ];

    public sealed record Fixture(string Home, string ClaimId, string ReceivedClaimId, string Pseudonym, string ClinicId, string Bundle, Func<string> OpenQuestionId, Func<string> NextClaimId, Func<string> BatchId, Func<string> OtherPayerId, Func<string> PastLimitClaimId)
    {
        public IReadOnlyList<string> DeniedIds { get; init; } = [];

        public IReadOnlyList<string> WriteOffRequestIds { get; init; } = [];

        public Func<string> AppealId { get; init; } = () => "";

        public string Denied(int i) => DeniedIds[i];

        public string WriteOffRequest(int i) => WriteOffRequestIds[i];
    }

    private static IEnumerable<string> Leaves(Command command, string prefix)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return prefix.Trim();
            yield break;
        }
        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, $"{prefix} {sub.Name}")) yield return leaf;
        }
    }

    private static List<string> AllCommands()
    {
        var env = new CliEnvironment(TextWriter.Null, TextWriter.Null, () => throw new InvalidOperationException("not needed"), TimeProvider.System);
        return [.. CliApp.BuildRoot(env).Subcommands.SelectMany(c => Leaves(c, c.Name))];
    }

    [Fact]
    public void Every_cli_command_is_classified_as_touching_phi_or_not()
    {
        var unclassified = AllCommands().Where(c => !TouchesPhi.ContainsKey(c) && !NoPhi.Contains(c)).ToList();
        Assert.True(unclassified.Count == 0, "Classify these commands in PhiAccessAuditTests (and audit them if they touch PHI): " + string.Join(", ", unclassified));
    }

    [Fact]
    public async Task Every_cli_command_that_touches_phi_writes_an_audit_entry()
    {
        var fixture = await ArrangeAsync();
        var commands = AllCommands();
        foreach (var (name, args) in TouchesPhi.Where(p => commands.Contains(p.Key)))
        {
            var before = await CountAsync();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(args(fixture), output, error, () => _home.Settings, _home.Time);

            Assert.True(exit is 0 or 1, $"{name} failed to run ({exit}): {error}");
            Assert.True(await CountAsync() > before, $"'{name}' touched PHI without writing an audit entry ({exit}: {error})");
        }
        await using var db = _home.NewContext();
        Assert.True((await AuditVerifier.VerifyAsync(db, _home.KeyRing)).Intact);
    }

    private async Task<Fixture> ArrangeAsync()
    {
        await using var db = await _home.MigratedContextAsync();
        // Enough patients that several claims are still Received with a payer (the filing, submit and coding commands each take one).
        await DemoSeeder.SeedAsync(db, 40, 5, _home.Time);
        var claim = await db.Claims.OrderBy(c => c.Id).FirstAsync();
        var received = await db.Claims.Where(c => c.State == ClaimState.Received).OrderBy(c => c.Id).FirstAsync();
        // One more claim ready to submit with a payer, for 'submit' (the small seed may leave none).
        var toSubmit = await db.Claims.Where(c => c.State == ClaimState.Received && c.PayerId != null && c.Id != received.Id).OrderByDescending(c => c.Id).FirstAsync();
        toSubmit.Fire(ClaimTrigger.StartCoding, new Actor("coder", ClaimRole.Coder), null, _home.Time.GetUtcNow());
        toSubmit.Fire(ClaimTrigger.CompleteCoding, new Actor("coder", ClaimRole.Coder), null, _home.Time.GetUtcNow());
        toSubmit.Fire(ClaimTrigger.VerificationPassed, new Actor("scrubber", ClaimRole.Scrubber), null, _home.Time.GetUtcNow());
        // Two claims that arrived past their payer's filing limit, for 'filing write-off' and 'filing release'.
        var late = await db.Claims.Where(c => c.State == ClaimState.Received && c.PayerId != null && c.Id != received.Id && c.Id != toSubmit.Id).OrderBy(c => c.Id).Take(2).ToListAsync();
        foreach (var c in late) c.SetFilingDeadline(c.ServiceFrom, DateOnly.FromDateTime(_home.Time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        // Seven denied claims with the payer's claim number, for the denial commands; two with a write-off waiting for an admin.
        await DemoSeeder.SeedAsync(db, 12, 6, _home.Time);
        db.ChangeTracker.Clear();
        var denied = await db.Claims.Include(c => c.History).Where(c => c.PayerId != null && c.CoverageId != null && c.Id != received.Id && c.Id != toSubmit.Id
                && (c.State == ClaimState.Submitted || c.State == ClaimState.Accepted || c.State == ClaimState.Received || c.State == ClaimState.ReadyToSubmit
                    || (c.State == ClaimState.Coding && c.AssignedTo == null)))
            .OrderBy(c => c.Id).Take(7).ToListAsync();
        var now = _home.Time.GetUtcNow();
        foreach (var d in denied)
        {
            if (d.State == ClaimState.Received) d.Fire(ClaimTrigger.StartCoding, new Actor("coder", ClaimRole.Coder), null, now);
            if (d.State == ClaimState.Coding) d.Fire(ClaimTrigger.CompleteCoding, new Actor("coder", ClaimRole.Coder), null, now);
            if (d.State == ClaimState.Verification) d.Fire(ClaimTrigger.VerificationPassed, new Actor("scrubber", ClaimRole.Scrubber), null, now);
            if (d.State == ClaimState.ReadyToSubmit) d.Fire(ClaimTrigger.Submit, new Actor("biller", ClaimRole.Biller), null, now);
            d.Fire(ClaimTrigger.Deny, new Actor("payer", ClaimRole.Payer), "835: CO-50", now);
            d.SetPayerClaimNumber("PCN-" + d.ControlNumber.Value);
        }
        var requests = denied.Skip(5).Select(d => new Claims.Denials.WriteOffRequest(d.Id, 90_000, "CO", "50", "large balance", "cli:biller", now)).ToList();
        db.WriteOffRequests.AddRange(requests);
        await db.SaveChangesAsync();
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync();
        var bundle = Directory.GetFiles(FhirFixtures.Path("synthea"), "*.json").Order().First();
        return new Fixture(_home.Home, claim.Id.ToString(), received.Id.ToString(), pseudonym, claim.ClinicId.ToString(), bundle,
            () => Query(db => db.ClinicQuestions.Where(q => q.ClaimId == received.Id && q.Status == QuestionStatus.Open).Select(q => q.Id).First()).ToString(),
            () => Query(db => db.Claims.Where(c => c.State == ClaimState.Coding && c.AssignedTo != null && c.AssignedTo.StartsWith("cli:")).OrderByDescending(c => c.LeaseExpiresAt).Select(c => c.Id).First()).ToString(),
            () => Query(db => db.SubmissionBatches.Select(b => b.Id).First()).ToString(),
            () => Query(db => db.Payers.Where(p => p.Id != claim.PayerId).Select(p => p.Id).First()).ToString(),
            () => Query(db => db.Claims.Where(c => c.PastFilingLimit && c.State == ClaimState.Received).Select(c => c.Id).First()).ToString())
        {
            DeniedIds = [.. denied.Select(d => d.Id.ToString())],
            WriteOffRequestIds = [.. requests.Select(r => r.Id.ToString())],
            AppealId = () => Query(db => db.Appeals.Select(a => a.Id).First()).ToString(),
        };
    }

    private T Query<T>(Func<Claims.Persistence.ClaimsDbContext, T> query)
    {
        using var db = _home.NewContext();
        return query(db);
    }

    private async Task<long> CountAsync()
    {
        await using var db = _home.NewContext();
        return await db.AuditEntries.LongCountAsync();
    }
}

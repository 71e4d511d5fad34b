using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>
/// The web and the CLI are two doors to the same use cases: the same act done through each leaves the same claim
/// history and the same audit entries (who differs, where from differs; what was done does not).
/// </summary>
public sealed partial class UseCaseParityTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    /// <summary>One act, as the web does it and as the CLI does it, on a given claim.</summary>
    private sealed record Act(string Name, Func<HttpClient, Guid, Task> Web, Func<Guid, string[]> Cli);

    [Fact]
    public async Task Every_workbench_act_leaves_the_same_history_and_audit_entries_from_the_web_and_from_the_cli()
    {
        var (webClaim, cliClaim) = await TwoAlikeReceivedClaimsAsync();
        var client = await SignedInAsync("coder");
        Act[] acts =
        [
            new("start coding", (c, id) => PostAsync(c, id, "Fire", ("trigger", "StartCoding")), id => ["fire", id.ToString(), "StartCoding"]),
            new("add diagnosis", (c, id) => PostAsync(c, id, "AddDiagnosis", ("code", "R05.9")), id => ["workbench", "dx", "add", id.ToString(), "R05.9"]),
            new("add diagnosis", (c, id) => PostAsync(c, id, "AddDiagnosis", ("code", "J06.9")), id => ["workbench", "dx", "add", id.ToString(), "J06.9"]),
            new("move diagnosis", async (c, id) => await PostAsync(c, id, "MoveDiagnosis", ("position", (await DiagnosisCountAsync(id)).ToString(CultureInfo.InvariantCulture)), ("by", "-1")),
                id => ["workbench", "dx", "move", id.ToString(), DiagnosisCountAsync(id).Result.ToString(CultureInfo.InvariantCulture), "--by", "-1"]),
            new("add line", (c, id) => PostAsync(c, id, "AddLine", ("code", "99213"), ("modifiers", "25"), ("units", "1"), ("charge", "100.00"), ("pointers", "1")),
                id => ["workbench", "line", "add", id.ToString(), "99213", "--modifiers", "25", "--charge", "100.00", "--pointers", "1"]),
            new("revise line", async (c, id) => await PostAsync(c, id, "ReviseLine", ("line", (await LineCountAsync(id)).ToString(CultureInfo.InvariantCulture)), ("modifiers", ""), ("units", "2"), ("charge", "90.00"), ("pointers", "1")),
                id => ["workbench", "line", "revise", id.ToString(), LineCountAsync(id).Result.ToString(CultureInfo.InvariantCulture), "--units", "2", "--charge", "90.00", "--pointers", "1"]),
            new("accept a suggestion", (c, id) => PostAsync(c, id, "Verdict", ("code", "J20.9"), ("system", "Icd10Cm"), ("verdict", "Accepted")),
                id => ["codes", "accept", id.ToString(), "J20.9", "--system", "icd10cm"]),
            new("reject a suggestion", (c, id) => PostAsync(c, id, "Verdict", ("code", "R06.2"), ("system", "Icd10Cm"), ("verdict", "Rejected")),
                id => ["codes", "reject", id.ToString(), "R06.2", "--system", "icd10cm"]),
            new("remove line", async (c, id) => await PostAsync(c, id, "RemoveLine", ("line", (await LineCountAsync(id)).ToString(CultureInfo.InvariantCulture))),
                id => ["workbench", "line", "remove", id.ToString(), LineCountAsync(id).Result.ToString(CultureInfo.InvariantCulture)]),
            new("remove diagnosis", async (c, id) => await PostAsync(c, id, "RemoveDiagnosis", ("position", (await DiagnosisCountAsync(id)).ToString(CultureInfo.InvariantCulture))),
                id => ["workbench", "dx", "remove", id.ToString(), DiagnosisCountAsync(id).Result.ToString(CultureInfo.InvariantCulture)]),
            new("complete coding", (c, id) => PostAsync(c, id, "Fire", ("trigger", "CompleteCoding")), id => ["fire", id.ToString(), "CompleteCoding"]),
        ];

        foreach (var act in acts)
        {
            await act.Web(client, webClaim);
            var (exit, _, error) = await CliAsync(act.Cli(cliClaim));
            Assert.True(exit == 0, $"{act.Name}: {error}");
            Assert.Equal(await WrittenAsync(webClaim), await WrittenAsync(cliClaim));
        }

        var web = await ClaimAsync(webClaim);
        var cli = await ClaimAsync(cliClaim);
        // Completing coding verifies at once, from either door: no claim is left in Verification.
        Assert.All([web, cli], c => Assert.Contains(c.State, new[] { ClaimState.ReadyToSubmit, ClaimState.Coding }));
        Assert.Equal(web.History.Select(e => (e.Trigger, e.From, e.To)), cli.History.Select(e => (e.Trigger, e.From, e.To)));
        Assert.Equal(await DecisionsAsync(webClaim), await DecisionsAsync(cliClaim));
    }

    [Fact]
    public async Task A_question_to_the_clinic_and_its_answer_are_recorded_alike_from_the_web_and_from_the_cli()
    {
        var (webClaim, cliClaim) = await TwoAlikeReceivedClaimsAsync(sameShape: false);
        // The clinic user answers for the claims' clinic (the demo binds them to the first clinic by name).
        await DbAsync(async db =>
        {
            var clinicId = await db.Claims.Where(c => c.Id == webClaim).Select(c => c.ClinicId).SingleAsync();
            var user = await db.Users.SingleAsync(u => u.Email == "clinic@demo.claims.local");
            user.ClinicId = clinicId;
            return await db.SaveChangesAsync();
        });
        var coder = await SignedInAsync("coder");
        var clinic = await SignedInAsync("clinic");

        await PostAsync(coder, webClaim, "Fire", ("trigger", "StartCoding"));
        Assert.Equal(0, (await CliAsync("fire", cliClaim.ToString(), "StartCoding")).Exit);
        var form = await coder.GetStringAsync(new Uri($"/Claims/{webClaim}/Query", UriKind.Relative));
        var asked = await coder.PostAsync(new Uri($"/Claims/{webClaim}/Query", UriKind.Relative), TestSupport.Form(form, ("Question", "Which knee was treated?")));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(0, (await CliAsync("questions", "ask", cliClaim.ToString(), "Which knee was treated?")).Exit);
        Assert.Equal(await WrittenAsync(webClaim), await WrittenAsync(cliClaim));

        var webQuestion = await DbAsync(db => db.ClinicQuestions.Where(q => q.ClaimId == webClaim).Select(q => q.Id).SingleAsync());
        var cliQuestion = await DbAsync(db => db.ClinicQuestions.Where(q => q.ClaimId == cliClaim).Select(q => q.Id).SingleAsync());
        var queries = await clinic.GetStringAsync(new Uri("/Clinic/Queries", UriKind.Relative));
        var answered = await clinic.PostAsync(new Uri("/Clinic/Queries?handler=Answer", UriKind.Relative),
            TestSupport.Form(queries, ("query", webQuestion.ToString()), ("answer", "The left knee.")));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(0, (await CliAsync("questions", "answer", cliQuestion.ToString(), "The left knee.")).Exit);

        Assert.Equal(await WrittenAsync(webClaim), await WrittenAsync(cliClaim));
        Assert.Equal(await QuestionAuditAsync(webQuestion), await QuestionAuditAsync(cliQuestion));
        Assert.All([await ClaimAsync(webClaim), await ClaimAsync(cliClaim)], c => Assert.Equal(ClaimState.Coding, c.State));
    }

    [Fact]
    public async Task Adding_a_clinic_and_issuing_and_revoking_its_key_are_recorded_alike_from_the_web_and_from_the_cli()
    {
        var admin = await SignedInAsync("admin");
        var page = await admin.GetStringAsync(new Uri("/Admin/Clinics", UriKind.Relative));
        var added = await admin.PostAsync(new Uri("/Admin/Clinics?handler=Create", UriKind.Relative),
            TestSupport.Form(page, ("Input.Name", "Parity Web Clinic"), ("Input.Npi", "1234567893"), ("Input.TaxId", "123456789")));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(0, (await CliAsync("clinics", "add", "Parity Cli Clinic", "--npi", "1234567893", "--tax-id", "123456789")).Exit);
        var webClinic = await DbAsync(db => db.Clinics.Where(c => c.Name == "Parity Web Clinic").Select(c => c.Id).SingleAsync());
        var cliClinic = await DbAsync(db => db.Clinics.Where(c => c.Name == "Parity Cli Clinic").Select(c => c.Id).SingleAsync());

        var keys = await admin.GetStringAsync(new Uri($"/Admin/Keys/{webClinic}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/Admin/Keys/{webClinic}?handler=Create", UriKind.Relative), TestSupport.Form(keys))).StatusCode);
        Assert.Equal(0, (await CliAsync("clinics", "key", cliClinic.ToString())).Exit);
        var webKey = await DbAsync(db => db.ClinicApiKeys.Where(k => k.ClinicId == webClinic).Select(k => k.Id).SingleAsync());
        var cliKey = await DbAsync(db => db.ClinicApiKeys.Where(k => k.ClinicId == cliClinic).Select(k => k.Id).SingleAsync());
        keys = await admin.GetStringAsync(new Uri($"/Admin/Keys/{webClinic}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(new Uri($"/Admin/Keys/{webClinic}?handler=Revoke", UriKind.Relative), TestSupport.Form(keys, ("keyId", webKey.ToString())))).StatusCode);
        Assert.Equal(0, (await CliAsync("clinics", "revoke", cliClinic.ToString(), cliKey.ToString())).Exit);

        Assert.Equal(await EntityAuditAsync("Clinic", webClinic), await EntityAuditAsync("Clinic", cliClinic));
        Assert.Equal(await EntityAuditAsync("ApiKey", webKey), await EntityAuditAsync("ApiKey", cliKey));
        Assert.Equal(2, (await EntityAuditAsync("ApiKey", webKey)).Count);
    }

    /// <summary>What was written about a claim since intake created it: its non-read audit entries in order, without who, from where or when.</summary>
    private Task<List<string>> WrittenAsync(Guid claimId) => DbAsync(async db =>
        (await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == claimId.ToString() && e.Action != AuditAction.Read && e.Action != AuditAction.Create).OrderBy(e => e.Sequence)
            .Select(e => new { e.Action, e.EntityType, e.ActorRole, e.Details, HasPatient = e.PatientPseudonym != null, e.Outcome }).ToListAsync())
        .Select(e => $"{e.Action} {e.EntityType} {e.ActorRole} {Neutral(e.Details)} patient={e.HasPatient} {e.Outcome}")
        // The final verification depends on each claim's own codes, so only its kind is compared.
        .Select(s => VerificationOutcome().Replace(s, "trigger=Verification"))
        .ToList());

    private Task<List<string>> QuestionAuditAsync(Guid questionId) => EntityAuditAsync("ClinicQuestion", questionId, includeReads: false);

    private Task<List<string>> EntityAuditAsync(string entityType, Guid id, bool includeReads = true) => DbAsync(async db =>
        (await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == entityType && e.EntityId == id.ToString() && (includeReads || e.Action != AuditAction.Read))
            .OrderBy(e => e.Sequence).Select(e => new { e.Action, e.ActorRole, e.Details, e.PurposeOfUse }).ToListAsync())
        .Select(e => $"{e.Action} {e.ActorRole} {Neutral(e.Details)} {e.PurposeOfUse}").ToList());

    private Task<List<string>> DecisionsAsync(Guid claimId) => DbAsync(async db =>
        (await db.CodingDecisions.AsNoTracking().Where(d => d.ClaimId == claimId).OrderBy(d => d.Id).Select(d => new { d.System, d.Code, d.Verdict }).ToListAsync())
        .Select(d => $"{d.System} {d.Code} {d.Verdict}").ToList());

    /// <summary>Ids, key prefixes and NPIs differ between the two subjects by design.</summary>
    private static string Neutral(string? details) =>
        KeyPrefix().Replace(Guids().Replace(details ?? "", "<id>"), "prefix <key>");

    /// <summary>Two claims to code (both Received, or both Coding) nobody holds (with the same number of diagnoses and lines when the acts depend on it), none with the codes the acts use.</summary>
    private Task<(Guid Web, Guid Cli)> TwoAlikeReceivedClaimsAsync(bool sameShape = true) => DbAsync(async db =>
    {
        var used = await db.ClinicQuestions.Select(q => q.ClaimId).ToListAsync();
        var free = db.Claims.AsNoTracking().Where(c => (c.State == ClaimState.Received || c.State == ClaimState.Coding) && c.AssignedTo == null);
        var candidates = (await free.OrderBy(c => c.Id).ToListAsync())
            .Where(c => !used.Contains(c.Id) && c.Diagnoses.All(d => d.Code.Value is not ("R059" or "J069" or "J209")) && c.Diagnoses.Count < 9)
            .GroupBy(c => sameShape ? (c.State, c.ClinicId, c.Diagnoses.Count, c.Lines.Count) : (c.State, c.ClinicId, 0, 0))
            .First(g => g.Count() >= 2)
            .Take(2).Select(c => c.Id).ToList();
        return (candidates[0], candidates[1]);
    });

    private Task<int> DiagnosisCountAsync(Guid id) => DbAsync(db => db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => c.Diagnoses.Count).SingleAsync());

    private Task<int> LineCountAsync(Guid id) => DbAsync(db => db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => c.Lines.Count).SingleAsync());

    private Task<Claim> ClaimAsync(Guid id) => DbAsync(db => db.Claims.AsNoTracking().Include(c => c.History.OrderBy(e => e.Id)).SingleAsync(c => c.Id == id));

    private async Task PostAsync(HttpClient client, Guid id, string handler, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        var version = (await ClaimAsync(id)).Version.ToString(CultureInfo.InvariantCulture);
        var response = await client.PostAsync(new Uri($"/Claims/{id}?handler={handler}", UriKind.Relative), TestSupport.Form(page, [.. fields, ("version", version)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        Assert.DoesNotContain("notice bad", after, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Out, string Err)> CliAsync(params string[] args) => CliAsync((IEnumerable<string>)args);

    private async Task<(int Exit, string Out, string Err)> CliAsync(IEnumerable<string> args)
    {
        var settings = factory.Services.GetRequiredService<ClaimsDatabaseSettings>();
        return await CliRunner.RunAsync(() => settings, TimeProvider.System, [.. args]);
    }

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        return client;
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"prefix \S+")]
    private static partial Regex KeyPrefix();

    [GeneratedRegex(@"trigger=Verification(Passed|Failed) from=Verification to=\w+")]
    private static partial Regex VerificationOutcome();
}

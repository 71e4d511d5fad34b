using System.Net;
using System.Net.Http.Json;
using Claims.Audit;
using Claims.Domain;
using Claims.Coding;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Coding;

/// <summary>
/// The coder's edits on the claim workbench through the real pages (sign-in, antiforgery, version check, lease):
/// suggestion verdicts, diagnoses, lines, verification on completion, the code search API, decrypted demographics.
/// </summary>
public sealed class CodingWorkbenchTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Coder = "coder@demo.claims.local";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, email);
        return client;
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    /// <summary>
    /// A Received claim nobody holds, taken by <paramref name="coder"/> (each call a different one), optionally recoded.
    /// <paramref name="fileable"/> picks one a payer still accepts: covered, served within the shortest filing limit (90 days).
    /// </summary>
    private Task<Guid> TakeAsync(string coder = Coder, string[]? diagnoses = null, (string Code, int[] Pointers)[]? lines = null, bool fileable = false) => DbAsync(async db =>
    {
        var recent = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-80);
        var claim = await db.Claims.Where(c => c.State == ClaimState.Received && c.AssignedTo == null && (!fileable || (c.PayerId != null && c.ServiceFrom >= recent)))
            .OrderBy(c => c.Id).FirstAsync();
        claim.Take(new Actor(coder, ClaimRole.Coder), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));
        if (diagnoses is not null)
        {
            while (claim.Lines.Count > 0) claim.RemoveLine(1);
            claim.SetDiagnoses(diagnoses.Select(Icd10Code.Parse));
            foreach (var (code, pointers) in lines ?? []) claim.AddLine(ProcedureCode.Parse(code), [], 1, Money.Of(100m), pointers);
        }
        await db.SaveChangesAsync();
        return claim.Id;
    });

    /// <summary>A claim of its own (a new patient of the first clinic), in Coding and leased to the coder: the demo's Received claims stay for the other tests.</summary>
    private Task<Guid> NewClaimInCodingAsync(string[] diagnoses, (string Code, int[] Pointers)[] lines) => DbAsync(async db =>
    {
        var clinic = await db.Clinics.OrderBy(c => c.Name).FirstAsync();
        var patient = new Patient(clinic.Id, "PT-F" + Random.Shared.Next(10_000_000, 99_999_999), AdministrativeSex.Female, 1970);
        db.Patients.Add(patient);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-5);
        var claim = new Claim(ClaimControlNumber.New(date, Random.Shared.Next), clinic.Id, patient.Id, null, null, clinic.Npi, null, date, date, PlaceOfService.Office);
        claim.Take(new Actor(Coder, ClaimRole.Coder), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));
        claim.SetDiagnoses(diagnoses.Select(Icd10Code.Parse));
        foreach (var (code, pointers) in lines) claim.AddLine(ProcedureCode.Parse(code), [], 1, Money.Of(100m), pointers);
        db.Claims.Add(claim);
        await db.SaveChangesAsync();
        return claim.Id;
    });

    private Task<Claim> ClaimAsync(Guid id) => DbAsync(db => db.Claims.AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>Posts a workbench handler with the page's antiforgery token and the claim's current version (unless given).</summary>
    private async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        fields["__RequestVerificationToken"] = TestSupport.Token(page);
        if (!fields.ContainsKey("version")) fields["version"] = (await ClaimAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsync(new Uri($"/Claims/{id}?handler={handler}", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler} answered {(int)response.StatusCode}");
        return response;
    }

    /// <summary>The page after a redirect, where the one-time message shows.</summary>
    private static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage redirect) =>
        await client.GetStringAsync(new Uri(redirect.Headers.Location!.OriginalString, UriKind.Relative));

    [Fact]
    public async Task Accepting_a_suggestion_adds_the_diagnosis_records_the_verdict_and_audits_it()
    {
        var client = await SignedInAsync(Coder);
        var id = await TakeAsync(diagnoses: ["I10"], lines: [("99213", [1])]);

        var accepted = await PostAsync(client, id, "Verdict", new()
        {
            ["code"] = "J20.9", ["system"] = "Icd10Cm", ["verdict"] = "Accepted", ["evidence"] = "Condition/1: SNOMED CT 10509002", ["score"] = "1",
        });
        var page = await FollowAsync(client, accepted);
        await PostAsync(client, id, "Verdict", new() { ["code"] = "R05", ["system"] = "Icd10Cm", ["verdict"] = "Rejected" });
        // A verdict without a code is a plain refusal, not an error page.
        Assert.Contains("A code has 1 to 10 characters.", await FollowAsync(client, await PostAsync(client, id, "Verdict", new() { ["system"] = "Icd10Cm", ["verdict"] = "Accepted" })), StringComparison.Ordinal);

        var claim = await ClaimAsync(id);
        Assert.Equal(["I10", "J20.9"], claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Display));
        Assert.Contains("Accepted J20.9: added as diagnosis 2.", page, StringComparison.Ordinal);
        var decisions = await DbAsync(db => db.CodingDecisions.Where(d => d.ClaimId == id).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal([("J209", CodingVerdict.Accepted, Coder), ("R05", CodingVerdict.Rejected, Coder)], decisions.Select(d => (d.Code, d.Verdict, d.ActorId)));
        var updates = await DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id.ToString() && e.Action == AuditAction.Update).Select(e => e.Details).ToListAsync());
        Assert.Contains(updates, d => d!.Contains("coding accept system=Icd10Cm code=J209 DiagnosisAdded", StringComparison.Ordinal));
        Assert.Contains(updates, d => d!.Contains("coding reject", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reordering_and_removing_diagnoses_keeps_line_pointers_on_their_codes()
    {
        var client = await SignedInAsync(Coder);
        var id = await TakeAsync(diagnoses: ["I10", "E11.9", "E78.5"], lines: [("99214", [1, 2, 3]), ("83036", [2])]);

        await PostAsync(client, id, "MoveDiagnosis", new() { ["position"] = "2", ["by"] = "-1" });
        var moved = await ClaimAsync(id);
        Assert.Equal(["E11.9", "I10", "E78.5"], moved.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Display));
        Assert.Equal([[2, 1, 3], [1]], moved.Lines.OrderBy(l => l.LineNumber).Select(l => l.DiagnosisPointers.ToArray()));

        await PostAsync(client, id, "RemoveDiagnosis", new() { ["position"] = "1" });
        var removed = await ClaimAsync(id);
        Assert.Equal(["I10", "E78.5"], removed.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Display));
        Assert.Equal([[1, 2], []], removed.Lines.OrderBy(l => l.LineNumber).Select(l => l.DiagnosisPointers.ToArray()));

        var page = await FollowAsync(client, await PostAsync(client, id, "AddDiagnosis", new() { ["code"] = "e785" }));
        Assert.Contains("Diagnosis E78.5 is already on the claim.", page, StringComparison.Ordinal);
        Assert.Equal(2, (await ClaimAsync(id)).Diagnoses.Count);
    }

    [Fact]
    public async Task Lines_are_added_revised_and_removed_and_a_bad_charge_changes_nothing()
    {
        var client = await SignedInAsync(Coder);
        var id = await TakeAsync(diagnoses: ["J20.9", "R50.9"], lines: [("99213", [1])]);

        await PostAsync(client, id, "AddLine", new() { ["code"] = "71046", ["modifiers"] = "26", ["units"] = "1", ["charge"] = "95.00", ["pointers"] = "J20.9 2" });
        var added = await ClaimAsync(id);
        var line = added.Lines.Single(l => l.LineNumber == 2);
        Assert.Equal(("71046", "26", 95.00m), (line.Code.Value, line.Modifiers.Single().Value, line.Charge.Amount));
        Assert.Equal([1, 2], line.DiagnosisPointers);
        Assert.Equal(195.00m, added.TotalCharge.Amount);

        await PostAsync(client, id, "ReviseLine", new() { ["line"] = "1", ["modifiers"] = "25", ["units"] = "1", ["charge"] = "130", ["pointers"] = "1 2" });
        var revised = await ClaimAsync(id);
        Assert.Equal((130.00m, 225.00m), (revised.Lines.Single(l => l.LineNumber == 1).Charge.Amount, revised.TotalCharge.Amount));

        var auditsBefore = await DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Update));
        var page = await FollowAsync(client, await PostAsync(client, id, "ReviseLine", new() { ["line"] = "1", ["units"] = "1", ["charge"] = "lots", ["pointers"] = "1" }));
        Assert.Contains("A charge is an amount such as 125.00.", page, StringComparison.Ordinal);
        Assert.Equal(revised.Version, (await ClaimAsync(id)).Version);
        Assert.Equal(auditsBefore, await DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Update)));

        await PostAsync(client, id, "RemoveLine", new() { ["line"] = "1" });
        var after = await ClaimAsync(id);
        Assert.Equal(["71046"], after.Lines.Select(l => l.Code.Value));
        Assert.Equal(1, after.Lines.Single().LineNumber);
    }

    [Fact]
    public async Task Another_coders_claim_and_a_stale_page_cannot_be_edited()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
            if (await users.FindByEmailAsync("coder2@demo.claims.local") is null)
            {
                var second = new ClaimsUser { UserName = "coder2@demo.claims.local", Email = "coder2@demo.claims.local", EmailConfirmed = true };
                Assert.True((await users.CreateAsync(second, ClaimsWebFactory.DemoPassword)).Succeeded);
                await users.AddToRoleAsync(second, Roles.Coder);
            }
        }
        var other = await SignedInAsync("coder2@demo.claims.local");
        var id = await TakeAsync(diagnoses: ["I10"]);

        var page = await FollowAsync(other, await PostAsync(other, id, "AddDiagnosis", new() { ["code"] = "E11.9" }));
        Assert.Contains("coder@demo.claims.local is coding this claim", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=AddDiagnosis", page, StringComparison.Ordinal);

        var mine = await SignedInAsync(Coder);
        var stale = await FollowAsync(mine, await PostAsync(mine, id, "AddDiagnosis", new() { ["code"] = "E11.9", ["version"] = "0" }));
        Assert.Contains("Someone else changed this claim", stale, StringComparison.Ordinal);
        Assert.Equal(["I10"], (await ClaimAsync(id)).Diagnoses.Select(d => d.Code.Display));
    }

    [Fact]
    public async Task Completing_coding_verifies_at_once_ready_when_clean_back_to_coding_with_errors()
    {
        var client = await SignedInAsync(Coder);
        var clean = await TakeAsync(diagnoses: ["J20.9"], lines: [("99213", [1])], fileable: true);
        var broken = await TakeAsync(diagnoses: ["J20.9"]);

        await PostAsync(client, clean, "Fire", new() { ["trigger"] = "CompleteCoding" });
        var page = await FollowAsync(client, await PostAsync(client, broken, "Fire", new() { ["trigger"] = "CompleteCoding" }));

        var ready = await DbAsync(db => db.Claims.Include(c => c.History).AsNoTracking().SingleAsync(c => c.Id == clean));
        Assert.Equal(ClaimState.ReadyToSubmit, ready.State);
        Assert.Equal((ClaimTrigger.VerificationPassed, "system:scrubber"), (ready.History[^1].Trigger, ready.History[^1].ActorId));
        var failed = await DbAsync(db => db.Claims.Include(c => c.History).AsNoTracking().SingleAsync(c => c.Id == broken));
        Assert.Equal(ClaimState.Coding, failed.State);
        Assert.Equal(ClaimTrigger.VerificationFailed, failed.History[^1].Trigger);
        Assert.Contains("MISSING-FIELD", failed.History[^1].Reason, StringComparison.Ordinal);
        // The failure is a warning box (not the green "ok" notice) naming each error and where to fix it.
        Assert.Contains("class=\"notice warn verification-failed\"", page, StringComparison.Ordinal);
        Assert.Contains("Verification failed:", page, StringComparison.Ordinal);
        Assert.Matches("<li><strong>MISSING-FIELD</strong>[^<]*<a href=\"#[a-z]+\">", page);
        Assert.DoesNotContain("class=\"notice ok\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"finding error\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_code_is_refused_before_it_reaches_the_claim()
    {
        var client = await SignedInAsync(Coder);
        var id = await NewClaimInCodingAsync(["I10"], []);
        var page = System.Net.WebUtility.HtmlDecode(await FollowAsync(client, await PostAsync(client, id, "AddDiagnosis", new() { ["code"] = "J20" })));
        Assert.Contains("J20 (Acute bronchitis) is a category header, not a billable code: choose a code below it, such as J20.0", page, StringComparison.Ordinal);
        Assert.Contains("class=\"notice bad\"", page, StringComparison.Ordinal);
        var verdict = System.Net.WebUtility.HtmlDecode(await FollowAsync(client, await PostAsync(client, id, "Verdict", new() { ["code"] = "E11", ["system"] = "Icd10Cm", ["verdict"] = "Accepted" })));
        Assert.Contains("E11 (Type 2 diabetes mellitus) is a category header", verdict, StringComparison.Ordinal);
        Assert.Equal(["I10"], (await ClaimAsync(id)).Diagnoses.Select(d => d.Code.Display));
    }

    [Fact]
    public async Task An_unspecified_code_beside_a_specific_one_of_its_category_is_a_finding_on_the_workbench()
    {
        var client = await SignedInAsync(Coder);
        var id = await NewClaimInCodingAsync(["E11.9", "E11.65"], [("99213", [1, 2])]);
        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        Assert.Matches("<li class=\"finding error\"><strong>ICD-REDUNDANT</strong> <span class=\"where\">diagnosis 1, diagnosis 2</span>", page);
    }

    [Fact]
    public async Task The_workbench_shows_the_decrypted_patient_and_records_the_read()
    {
        var client = await SignedInAsync(Coder);
        var id = await TakeAsync();
        var name = await DbAsync(async db =>
        {
            var claim = await db.Claims.SingleAsync(c => c.Id == id);
            var patient = await db.Patients.SingleAsync(p => p.Id == claim.PatientId);
            return (await db.Phi.RevealAsync(patient))!.FamilyName!;
        });

        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));

        Assert.Contains($"<strong>{name},", page, StringComparison.Ordinal);
        var read = await DbAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal((AuditAction.Read, id.ToString(), "claim view demographics"), (read.Action, read.EntityId, read.Details));
        // The name is encrypted at rest: no patient row holds it in the clear.
        Assert.False(await DbAsync(db => db.Patients.AnyAsync(p => p.Pseudonym == name)));
    }

    [Fact]
    public async Task Code_search_answers_staff_with_codes_and_refuses_clinics_and_bad_systems()
    {
        var coder = await SignedInAsync(Coder);

        var words = await coder.GetFromJsonAsync<List<CodeOptionDto>>(new Uri("/api/codes?system=icd10cm&q=acute%20bronchitis", UriKind.Relative));
        Assert.Contains(words!, o => o.Code == "J20.9" && o.Billable);
        var procedure = await coder.GetFromJsonAsync<List<CodeOptionDto>>(new Uri("/api/codes?system=procedure&q=99213", UriKind.Relative));
        Assert.Equal("99213", procedure![0].Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await coder.GetAsync(new Uri("/api/codes?system=snomed&q=x", UriKind.Relative))).StatusCode);

        var clinic = await SignedInAsync("clinic@demo.claims.local");
        var refused = await clinic.GetAsync(new Uri("/api/codes?q=bronchitis", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    private sealed record CodeOptionDto(string Code, string Description, bool Billable, string System);
}

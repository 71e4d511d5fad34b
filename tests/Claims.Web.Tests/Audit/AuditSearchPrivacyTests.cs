using System.Net;
using Claims.Audit;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Audit;

/// <summary>
/// What an auditor types into the patient filter is never written to the trail: an MRN is looked up through its blind
/// index and only the pseudonym is recorded; a family name (which matches no index on its own) records nothing of it.
/// </summary>
public sealed class AuditSearchPrivacyTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<(string Pseudonym, string Family, string Mrn)> SeededPatientAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        foreach (var patient in await db.Patients.OrderBy(p => p.Pseudonym).Take(20).ToListAsync())
        {
            if (await db.Phi.RevealAsync(patient) is { FamilyName.Length: > 2, Mrn.Length: > 2 } phi) return (patient.Pseudonym, phi.FamilyName, phi.Mrn);
        }
        throw new InvalidOperationException("no seeded patient with a family name and an MRN");
    }

    private async Task<AuditEntry> LastSearchAsync(string auditor)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == auditor && e.EntityType == "AuditTrail" && e.Action == AuditAction.Read)
            .OrderByDescending(e => e.Sequence).FirstAsync();
    }

    private async Task<HttpClient> AuditorAsync()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "auditor@demo.claims.local");
        return client;
    }

    private static async Task<HttpResponseMessage> SearchAsync(HttpClient client, string patient)
    {
        var form = await (await client.GetAsync(new Uri("/Audit", UriKind.Relative))).Content.ReadAsStringAsync();
        return await client.PostAsync(new Uri("/Audit?handler=Search", UriKind.Relative), TestSupport.Form(form, ("Patient", patient)));
    }

    [Fact]
    public async Task A_family_name_typed_into_the_patient_filter_is_not_stored_in_the_audit_row()
    {
        var (_, family, _) = await SeededPatientAsync();
        var client = await AuditorAsync();

        var page = await SearchAsync(client, family);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("patient-not-found", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = await LastSearchAsync("auditor@demo.claims.local");
        Assert.Null(row.PatientPseudonym);
        Assert.Contains("patient=no-match", row.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(family, row.Details ?? "", StringComparison.OrdinalIgnoreCase);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
#pragma warning disable CA1862, CA1304, CA1311 // the point is any casing; SQLite's upper() runs in the database
        Assert.False(await db.AuditEntries.AnyAsync(e => (e.PatientPseudonym != null && e.PatientPseudonym.ToUpper() == family.ToUpperInvariant())
            || (e.Details != null && e.Details.ToUpper().Contains(family.ToUpperInvariant()))));
#pragma warning restore CA1862, CA1304, CA1311
    }

    [Fact]
    public async Task An_MRN_typed_into_the_patient_filter_is_found_through_the_blind_index_and_only_the_pseudonym_is_stored()
    {
        var (pseudonym, _, mrn) = await SeededPatientAsync();
        var client = await AuditorAsync();

        var page = await SearchAsync(client, mrn);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("patient-not-found", html, StringComparison.Ordinal);
        // The form now carries the pseudonym, not the MRN.
        Assert.Contains($"value=\"{pseudonym}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(mrn, html, StringComparison.Ordinal);
        var row = await LastSearchAsync("auditor@demo.claims.local");
        Assert.Equal(pseudonym, row.PatientPseudonym);
        Assert.DoesNotContain(mrn, row.Details ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_search_form_posts_so_a_typed_MRN_never_travels_in_a_URL_and_a_link_with_one_finds_nobody()
    {
        var (pseudonym, _, mrn) = await SeededPatientAsync();
        var client = await AuditorAsync();

        var form = await (await client.GetAsync(new Uri("/Audit", UriKind.Relative))).Content.ReadAsStringAsync();
        var linked = await client.GetAsync(new Uri($"/Audit?Patient={Uri.EscapeDataString(mrn)}", UriKind.Relative));
        var byPseudonym = await client.GetAsync(new Uri($"/Audit?Patient={pseudonym}", UriKind.Relative));

        Assert.Contains("<form method=\"post\" class=\"filters\"", form, StringComparison.Ordinal);
        Assert.Contains("patient-not-found", await linked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("patient-not-found", await byPseudonym.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(pseudonym, (await LastSearchAsync("auditor@demo.claims.local")).PatientPseudonym);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Billing;

/// <summary>GET /fhir/ClaimResponse?request={claimId}: a clinic sees its own claims' adjudications, never another's.</summary>
public sealed class ClaimResponseApiTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<string> KeyAsync(Guid clinicId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var (_, secret) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(clinicId, Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));
        return secret;
    }

    private async Task<HttpResponseMessage> GetAsync(string? key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/ClaimResponse" + query);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_clinic_reads_its_claims_adjudication_as_a_searchset_of_ClaimResponses_and_another_clinic_finds_nothing()
    {
        var files = await SimulatedRemittance.AnswersAsync(factory);
        Guid claimId, clinicId, otherClinic;
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RemittanceFiles>().UploadAsync([.. files.Select(f => new UploadedFile(f.Name, f.Content))], SimulatedRemittance.Biller);
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            var posting = await db.ClaimPaymentPostings.AsNoTracking().OrderBy(p => p.PostedAt).FirstAsync(p => p.PaidCents > 0);
            claimId = posting.ClaimId;
            clinicId = (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId)).ClinicId;
            otherClinic = await db.Clinics.Where(c => c.Id != clinicId).Select(c => c.Id).FirstAsync();
        }
        var own = await KeyAsync(clinicId);
        var other = await KeyAsync(otherClinic);

        var response = await GetAsync(own, $"?request={claimId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            var root = json.RootElement;
            Assert.Equal("Bundle", root.GetProperty("resourceType").GetString());
            Assert.Equal("searchset", root.GetProperty("type").GetString());
            var resource = root.GetProperty("entry")[0].GetProperty("resource");
            Assert.Equal("ClaimResponse", resource.GetProperty("resourceType").GetString());
            Assert.Equal($"Claim/{claimId}", resource.GetProperty("request").GetProperty("reference").GetString());
            Assert.Contains(resource.GetProperty("outcome").GetString(), new[] { "complete", "partial" });
            Assert.True(resource.GetProperty("payment").GetProperty("amount").GetProperty("value").GetDecimal() > 0);
            var reasons = resource.GetProperty("item").EnumerateArray().SelectMany(i => i.GetProperty("adjudication").EnumerateArray())
                .Where(a => a.TryGetProperty("reason", out _)).Select(a => a.GetProperty("reason").GetProperty("coding")[0]).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.Equal(FhirClaimResponseWriter.CarcSystem, r.GetProperty("system").GetString()));
            Assert.Contains(resource.GetProperty("total").EnumerateArray(), t => t.GetProperty("category").GetProperty("coding")[0].GetProperty("code").GetString() == "patient-responsibility");
        }

        var foreign = await GetAsync(other, $"?request=Claim/{claimId}");
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        using (var json = JsonDocument.Parse(await foreign.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, json.RootElement.GetProperty("total").GetInt32());
            Assert.False(json.RootElement.TryGetProperty("entry", out _));
        }

        var bad = await GetAsync(own, "?request=not-a-claim");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("OperationOutcome", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(null, $"?request={claimId}")).StatusCode);

        using var check = factory.Services.CreateScope();
        var audit = check.ServiceProvider.GetRequiredService<ClaimsDbContext>().AuditEntries.AsNoTracking();
        Assert.True(await audit.AnyAsync(e => e.EntityType == "ClaimResponse" && e.EntityId == claimId.ToString() && e.ActorRole == "Clinic" && e.Details!.Contains("adjudications")));
        Assert.True(await audit.AnyAsync(e => e.EntityType == "ClaimResponse" && e.EntityId == claimId.ToString() && e.Details!.Contains("empty searchset")));
    }
}

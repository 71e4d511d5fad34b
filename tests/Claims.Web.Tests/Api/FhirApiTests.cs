using Claims.Domain;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Api;

/// <summary>POST /fhir and GET /fhir/Claim/{id} with clinic API keys, against real fixture bundles.</summary>
public sealed class FhirApiTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private static string Synthea(int index) => Directory.GetFiles(TestSupport.Fixture("fhir", "synthea"), "*.json").Order().ElementAt(index);

    private async Task<(Guid Clinic, string Key)> ClinicKeyAsync(int clinicIndex = 0)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var clinic = await db.Clinics.OrderBy(c => c.Name).Skip(clinicIndex).FirstAsync();
        var (_, secret) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(clinic.Id, Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));
        return (clinic.Id, secret);
    }

    private static HttpRequestMessage Post(string? key, byte[] body, string contentType = "application/fhir+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401_with_an_operation_outcome()
    {
        var response = await factory.CreateClient().SendAsync(Post(null, await File.ReadAllBytesAsync(Synthea(0))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        var wrongKey = await factory.CreateClient().SendAsync(Post("clk_not-a-real-key", await File.ReadAllBytesAsync(Synthea(0))));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    [Fact]
    public async Task A_valid_bundle_gives_200_with_claim_locations_and_the_same_again_is_a_duplicate()
    {
        var (_, key) = await ClinicKeyAsync();
        var body = await File.ReadAllBytesAsync(Synthea(1));
        var client = factory.CreateClient();

        var response = await client.SendAsync(Post(key, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var bundle = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("batch-response", bundle.RootElement.GetProperty("type").GetString());
        var locations = bundle.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("response")).Where(r => r.TryGetProperty("location", out _)).Select(r => r.GetProperty("location").GetString()!).ToList();
        Assert.NotEmpty(locations);
        Assert.All(locations, l => Assert.Matches("^Claim/[0-9a-f-]{36}$", l));

        var again = await client.SendAsync(Post(key, body));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var text = await again.Content.ReadAsStringAsync();
        Assert.Contains("duplicate", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"location\"", text, StringComparison.Ordinal);

        // Its clinic can read each claim back as a FHIR Claim, and the read is audited.
        var claim = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/fhir/" + locations[0]) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        using var fhirClaim = JsonDocument.Parse(await claim.Content.ReadAsStringAsync());
        Assert.Equal(("Claim", "claim"), (fhirClaim.RootElement.GetProperty("resourceType").GetString(), fhirClaim.RootElement.GetProperty("use").GetString()));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal((AuditAction.Read, locations[0]["Claim/".Length..]), (last.Action, last.EntityId));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Upload && e.Outcome == AuditOutcome.Success));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Create && e.EntityId == locations[0].Substring(6)));
        Assert.True((await AuditVerifier.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<IKeyRing>())).Intact);
    }

    [Fact]
    public async Task Another_clinics_claim_is_not_found()
    {
        var (_, key) = await ClinicKeyAsync(0);
        var (otherClinic, _) = await ClinicKeyAsync(1);
        Guid otherClaim;
        using (var scope = factory.Services.CreateScope())
        {
            otherClaim = await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Claims.Where(c => c.ClinicId == otherClinic).Select(c => c.Id).FirstAsync();
        }

        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/fhir/Claim/{otherClaim}") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var (_, key) = await ClinicKeyAsync();
        var response = await factory.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(Synthea(0)), "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_an_invalid_bundle_is_422_and_neither_stores_a_claim()
    {
        var (clinic, key) = await ClinicKeyAsync();
        int Count()
        {
            using var scope = factory.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Claims.Count(c => c.ClinicId == clinic);
        }
        var before = Count();

        var truncated = await factory.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "broken", "truncated.json"))));
        var dangling = await factory.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "broken", "dangling-references.json"))));

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("line", await truncated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dangling.StatusCode);
        using var outcome = JsonDocument.Parse(await dangling.Content.ReadAsStringAsync());
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        Assert.All(outcome.RootElement.GetProperty("issue").EnumerateArray(), i => Assert.True(i.TryGetProperty("expression", out _)));
        Assert.Equal(before, Count());
        using var scope = factory.Services.CreateScope();
        var last = await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().AuditEntries.OrderByDescending(e => e.Sequence).Take(2).ToListAsync();
        // One entry per rejected upload, recording the failure (no stray "success" for an upload that stored nothing).
        Assert.All(last, e => Assert.Equal((AuditAction.Upload, AuditOutcome.Failure), (e.Action, e.Outcome)));
    }

    [Fact]
    public async Task A_bundle_over_the_size_limit_is_413()
    {
        using var small = factory.WithWebHostBuilder(b => b.UseSetting("Fhir:MaxBundleBytes", "10000"));
        using var scope = small.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var (_, key) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(await db.Clinics.Select(c => c.Id).FirstAsync(), Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));

        var response = await small.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(Synthea(0))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_requests_for_one_key_are_429()
    {
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Fhir:RateLimit:PermitsPerMinute", "2"));
        using var scope = limited.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var (_, key) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(await db.Clinics.Select(c => c.Id).FirstAsync(), Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));
        var client = limited.CreateClient();
        var body = Encoding.UTF8.GetBytes("{}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await client.SendAsync(Post(key, body))).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
    }

    [Fact]
    public async Task A_caller_inventing_a_new_key_for_every_request_is_throttled_by_address()
    {
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Fhir:RateLimit:PermitsPerMinute", "2").UseSetting("Fhir:RateLimit:PermitsPerMinutePerAddress", "3"));
        var client = limited.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Claim/{Guid.NewGuid()}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", $"clk_invented{i}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}

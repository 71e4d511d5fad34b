using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Claims.Web.Tests.Api;

/// <summary>
/// POST /fhir and the upload page against the malformed-input fixtures and a seeded fuzz of the fixture bundles: never a
/// 5xx, an OperationOutcome with the issue where it belongs, nothing stored for a rejected bundle, one audit entry per
/// upload, and no PHI value in a response, the server's log or the page.
/// </summary>
public sealed class FhirIntakeHardeningTests : IClassFixture<ClaimsWebFactory>, IDisposable
{
    private readonly WebApplicationFactory<Program> _app;
    private readonly CapturedLog _log = new();
    private readonly ITestOutputHelper _output;

    public FhirIntakeHardeningTests(ClaimsWebFactory factory, ITestOutputHelper output)
    {
        _output = output;
        _app = factory.WithWebHostBuilder(b => b
            .UseSetting("Fhir:RateLimit:PermitsPerMinute", "100000")
            .UseSetting("Fhir:RateLimit:PermitsPerMinutePerAddress", "100000")
            .ConfigureLogging(l => l.AddProvider(_log)));
    }

    public void Dispose() => _app.Dispose();

    private sealed record Expected(string Status, int Http, string? Severity, string? Code, string? Expression);

    private static readonly IReadOnlyDictionary<string, Expected> Cases = File.ReadAllLines(TestSupport.Fixture("fhir", "malformed", "expected.tsv")).Skip(1)
        .Where(line => line.Length > 0).Select(line => line.Split('\t'))
        .ToDictionary(f => f[0], f => new Expected(f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), Dash(f[3]), Dash(f[4]), Dash(f[5])));

    private static string? Dash(string field) => field == "-" ? null : field;

    public static TheoryData<string> Files() => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The synthetic PHI of the malformed fixtures.</summary>
    private static readonly string[] MalformedPhi = ["Atencio", "Marisol", "MBR-771-2093", "1954-06-11"];

    private async Task<(Guid Clinic, string Key)> ClinicKeyAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var clinic = await db.Clinics.OrderBy(c => c.Name).FirstAsync();
        var (_, secret) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(clinic.Id, Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));
        return (clinic.Id, secret);
    }

    private async Task<(int Claims, int Uploads)> CountsAsync(Guid clinic)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        return (await db.Claims.CountAsync(c => c.ClinicId == clinic), await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Upload));
    }

    private static HttpRequestMessage Post(string key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static void AssertNoPhi(IEnumerable<string> phi, string text, string where)
    {
        foreach (var value in phi) Assert.False(text.Contains(value, StringComparison.Ordinal), $"{where} repeats a PHI value");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_malformed_case_answers_its_status_with_an_OperationOutcome_stores_nothing_when_refused_and_is_audited_once(string file)
    {
        var (clinic, key) = await ClinicKeyAsync();
        var before = await CountsAsync(clinic);
        var expected = Cases[file];

        var response = await _app.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "malformed", file))));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected.Http, (int)response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var issues = expected.Http == 200
            ? json.RootElement.GetProperty("entry").EnumerateArray().Where(e => e.GetProperty("response").TryGetProperty("outcome", out _))
                .SelectMany(e => e.GetProperty("response").GetProperty("outcome").GetProperty("issue").EnumerateArray()).ToList()
            : [.. json.RootElement.GetProperty("issue").EnumerateArray()];
        if (expected.Http != 200) Assert.Equal("OperationOutcome", json.RootElement.GetProperty("resourceType").GetString());
        if (expected.Code is not null)
        {
            Assert.Contains(issues, i => i.GetProperty("severity").GetString() == expected.Severity && i.GetProperty("code").GetString() == expected.Code
                && i.GetProperty("expression")[0].GetString() == expected.Expression);
        }
        AssertNoPhi(MalformedPhi, body, "the response");
        AssertNoPhi(MalformedPhi, _log.Text, "the server log");
        var after = await CountsAsync(clinic);
        Assert.Equal(before.Uploads + 1, after.Uploads);
        if (expected.Http != 200) Assert.Equal(before.Claims, after.Claims);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_413_without_reading_the_body_and_is_audited()
    {
        using var small = _app.WithWebHostBuilder(b => b.UseSetting("Fhir:MaxBundleBytes", "1000"));
        using var scope = small.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var (_, key) = await new ClinicKeys(db, TimeProvider.System).IssueAsync(await db.Clinics.Select(c => c.Id).FirstAsync(), Caller.FromCli(new Actor("test-admin", ClaimRole.Admin)));
        var uploads = await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Upload);

        var response = await small.CreateClient().SendAsync(Post(key, await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "malformed", "bom.json"))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"too-costly\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(uploads + 1, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Upload));
    }

    [Fact]
    public async Task The_upload_page_shows_a_refused_bundle_in_plain_words_without_its_values()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "clinic@demo.claims.local");
        var page = await client.GetStringAsync(new Uri("/Clinic/Upload", UriKind.Relative));

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "malformed", "birth-year-9999.json"))), "bundle", "Atencio_Marisol.json" },
            { new StringContent(TestSupport.Token(page)), "__RequestVerificationToken" },
        };
        var response = await client.PostAsync(new Uri("/Clinic/Upload", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The bundle was not accepted", html, StringComparison.Ordinal);
        Assert.Contains("The patient&#x27;s birth date is in the future. (entry 1, birthDate)", html, StringComparison.Ordinal);
        AssertNoPhi(MalformedPhi, html, "the page");
    }

    /// <summary>The PHI values of a bundle: names, birth dates, identifiers, addresses, phone numbers, member ids (5 characters or more).</summary>
    private static List<string> PhiOf(byte[] bundle)
    {
        using var doc = JsonDocument.Parse(bundle);
        var values = new List<string>();
        foreach (var entry in doc.RootElement.GetProperty("entry").EnumerateArray())
        {
            var resource = entry.GetProperty("resource");
            var type = resource.GetProperty("resourceType").GetString();
            if (type == "Coverage" && resource.TryGetProperty("subscriberId", out var member)) values.Add(member.GetString()!);
            if (type != "Patient") continue;
            foreach (var name in resource.TryGetProperty("name", out var names) ? names.EnumerateArray() : default)
            {
                if (name.TryGetProperty("family", out var family)) values.Add(family.GetString()!);
                foreach (var given in name.TryGetProperty("given", out var g) ? g.EnumerateArray() : default) values.Add(given.GetString()!);
            }
            if (resource.TryGetProperty("birthDate", out var birth)) values.Add(birth.GetString()!);
            foreach (var id in resource.TryGetProperty("identifier", out var ids) ? ids.EnumerateArray() : default) values.Add(id.GetProperty("value").GetString()!);
            foreach (var address in resource.TryGetProperty("address", out var a) ? a.EnumerateArray() : default)
            {
                foreach (var line in address.TryGetProperty("line", out var l) ? l.EnumerateArray() : default) values.Add(line.GetString()!);
            }
            foreach (var telecom in resource.TryGetProperty("telecom", out var t) ? t.EnumerateArray() : default) values.Add(telecom.GetProperty("value").GetString()!);
        }
        return values.Where(v => v.Length >= 5).Distinct().ToList();
    }

    [Fact]
    public async Task Seeded_fuzz_of_the_fixture_bundles_never_answers_5xx_stores_nothing_refused_audits_every_upload_and_leaks_no_PHI()
    {
        const int Seed = 20261130, Cases = 300;
        var (clinic, key) = await ClinicKeyAsync();
        byte[][] bundles =
        [
            (await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "malformed", "bom.json")))[3..],
            await File.ReadAllBytesAsync(TestSupport.Fixture("fhir", "synthea", "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json")),
        ];
        var phi = bundles.SelectMany(PhiOf).Distinct().ToList();
        Assert.Contains("Kreiger", phi.Select(p => p.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')));
        var fuzzer = new BundleFuzzer(Seed);
        var client = _app.CreateClient();
        var (claimsBefore, uploadsBefore) = await CountsAsync(clinic);
        var statuses = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var watch = Stopwatch.StartNew();

        var claims = claimsBefore;
        for (var i = 0; i < Cases; i++)
        {
            var fuzzCase = fuzzer.Next(bundles[i % bundles.Length]);
            var response = await client.SendAsync(Post(key, fuzzCase.Body));
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500) serverErrors.Add($"case {i} ({fuzzCase.Kind}): {status}");
            AssertNoPhi(phi, body, $"case {i} ({fuzzCase.Kind}) response");
            Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
            var (claimsNow, _) = await CountsAsync(clinic);
            if (status != 200) Assert.True(claimsNow == claims, $"case {i} ({fuzzCase.Kind}) was refused with {status} but stored a claim");
            claims = claimsNow;
        }
        watch.Stop();

        var (_, uploadsAfter) = await CountsAsync(clinic);
        _output.WriteLine($"fuzz seed {Seed}: {Cases} cases in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}; {serverErrors.Count} 5xx");
        Assert.Empty(serverErrors);
        Assert.Equal(uploadsBefore + Cases, uploadsAfter);
        Assert.True(statuses.Keys.Any(s => s != 200) && statuses.GetValueOrDefault(200) > 0, "the fuzz should produce both accepted and refused bundles");
        AssertNoPhi(phi, _log.Text, "the server log");
        Assert.True(_log.Count > Cases, "the log capture saw the requests");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Claims.Audit;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Billing;

/// <summary>The biller's remittance pages: upload the simulator's files and see what posted, the exceptions worklist, the EOB.</summary>
public sealed class RemittancePageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<HttpClient> BillerAsync()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");
        return client;
    }

    private static async Task<string> UploadAsync(HttpClient client, params (string Name, byte[] Content)[] files)
    {
        var page = await client.GetStringAsync(new Uri("/Billing/Remittance", UriKind.Relative));
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/edi-x12");
            form.Add(part, "uploads", name);
        }
        form.Add(new StringContent(TestSupport.Token(page)), "__RequestVerificationToken");
        var response = await client.PostAsync(new Uri("/Billing/Remittance?handler=Upload", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_biller_uploads_the_simulators_answers_sees_each_claim_posted_then_duplicates_skipped_and_reads_the_EOB_with_CARC_words()
    {
        var files = await SimulatedRemittance.AnswersAsync(factory);
        var client = await BillerAsync();

        var html = await UploadAsync(client, [.. files]);

        Assert.Contains("999 ST", html, StringComparison.Ordinal);
        Assert.Contains("277 ST", html, StringComparison.Ordinal);
        Assert.Contains("835 ST", html, StringComparison.Ordinal);
        Guid paidClaim;
        string controlNumber;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            // A payment from the uploaded files (the demo's own clearinghouse round posted others before, from no file).
            var uploaded = db.PostedDocuments.Where(d => d.SourceFileId != null).Select(d => d.Id);
            var posting = await db.ClaimPaymentPostings.AsNoTracking().OrderBy(p => p.PostedAt).FirstAsync(p => p.PaidCents > 0 && uploaded.Contains(p.DocumentId));
            paidClaim = posting.ClaimId;
            controlNumber = (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == paidClaim)).ControlNumber.Value;
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "RemittanceFile" && e.Action == AuditAction.Create && e.ActorId == "biller@demo.claims.local"));
            Assert.All(await db.ReceivedFiles.AsNoTracking().ToListAsync(), f => Assert.DoesNotContain("ISA*", Encoding.Latin1.GetString(f.File.Cipher), StringComparison.Ordinal));
        }
        Assert.Contains(controlNumber, html, StringComparison.Ordinal);
        Assert.Contains($"/Billing/Eob/{paidClaim}", html, StringComparison.Ordinal);

        var again = await UploadAsync(client, [.. files]);
        Assert.Contains("Duplicate: this transaction set was posted before", again, StringComparison.Ordinal);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.Equal(1, await db.ClaimPaymentPostings.CountAsync(p => p.ClaimId == paidClaim));
        }

        var detail = await client.GetStringAsync(new Uri($"/Claims/{paidClaim}", UriKind.Relative));
        Assert.Contains($"/Billing/Eob/{paidClaim}", detail, StringComparison.Ordinal);
        var eob = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/Billing/Eob/{paidClaim}", UriKind.Relative)));
        Assert.Contains("Explanation of benefits", eob, StringComparison.Ordinal);
        Assert.Contains("CO-45", eob, StringComparison.Ordinal);
        Assert.Contains(RemarkCodes.Carc("45")!, eob, StringComparison.Ordinal);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Claim" && e.EntityId == paidClaim.ToString() && e.Details!.Contains("explanation of benefits")));
        }
    }

    [Fact]
    public async Task An_835_for_a_claim_we_do_not_have_lands_on_the_exceptions_list_and_a_biller_marks_it_handled_with_a_note()
    {
        var client = await BillerAsync();
        const string x12 = "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *261122*1200*^*00501*000000931*0*T*:~"
            + "GS*HP*PAYER*CLINIC*20261122*1200*931*X*005010X221A1~ST*835*0001*005010X221A1~"
            + "BPR*I*80.00*C*ACH*CCP*01*999999999*DA*1*1512345678**01*999988880*DA*2*20261122~TRN*1*TRACE-UNKNOWN*1512345678~"
            + "N1*PR*DEMO PAYER*XV*DEMOPAYER01~N1*PE*DEMO CLINIC*XX*1234567893~LX*1~"
            + "CLP*CNOTOURS0001*1*100.00*80.00**12*PCN9~CAS*CO*45*20.00~NM1*QC*1*SYNTHETIC*PATIENT~"
            + "SE*10*0001~GE*1*931~IEA*1*000000931~";

        var html = await UploadAsync(client, ("unknown.835", Encoding.ASCII.GetBytes(x12)));
        Assert.Contains("UnknownClaim", html, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/Billing/Exceptions", UriKind.Relative)));
        Assert.Contains("CNOTOURS0001", list, StringComparison.Ordinal);
        Assert.Contains("CLP01 names no claim of ours", list, StringComparison.Ordinal);
        Assert.Contains("charge 100.00, paid 80.00", list, StringComparison.Ordinal);
        Guid id;
        using (var scope = factory.Services.CreateScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().RemittanceExceptions.AsNoTracking().SingleAsync(x => x.ControlNumber == "CNOTOURS0001")).Id;
        }

        var resolved = await client.PostAsync(new Uri("/Billing/Exceptions?handler=Resolve", UriKind.Relative), TestSupport.Form(list, ("id", id.ToString()), ("note", "Not our practice's claim")));

        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/Billing/Exceptions", UriKind.Relative)));
        Assert.DoesNotContain("CNOTOURS0001", after, StringComparison.Ordinal);
        var done = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/Billing/Exceptions?resolved=true", UriKind.Relative)));
        Assert.Contains("Not our practice's claim", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_remittance_pages_are_for_billers_only()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "coder@demo.claims.local");

        foreach (var page in new[] { "/Billing/Remittance", "/Billing/Exceptions", $"/Billing/Eob/{Guid.NewGuid()}" })
        {
            var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }
}

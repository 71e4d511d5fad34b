using System.Net;
using Claims.Domain;
using Claims.Jobs;
using Claims.Operations.Reports;
using Claims.Operations.Sla;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Web.Tests.Operations;

/// <summary>The Jobs page (admins and managers), the kept monthly reports on the Reports page and the SLA trend, on the demo data.</summary>
public sealed class JobsPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        await factory.ForgetUsedAuthenticatorCodesAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        return client;
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("manager")]
    public async Task Admins_and_managers_see_each_jobs_runs_with_failures_marked(string user)
    {
        var now = DateTimeOffset.UtcNow;
        var schedule = new JobSchedule("monthly-reports", TimeSpan.FromHours(1), MaxAttempts: 1);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            if (!await db.JobRuns.AnyAsync(r => r.Job == "monthly-reports" && r.Status == JobRunStatus.Failed))
            {
                await BackgroundJobs.ScheduleAsync(db, [schedule], now.AddHours(-2));
                var run = (await BackgroundJobs.ClaimNextAsync(db, [schedule], "web-1:42", now.AddHours(-2)))!;
                await BackgroundJobs.FinishAsync(db, schedule, run.Id, "web-1:42", now.AddHours(-2).AddSeconds(3), succeeded: false, "failed: TimeoutException");
            }
        }
        var client = await SignedInAsync(user);

        var html = await client.GetStringAsync(new Uri("/Admin/Jobs", UriKind.Relative));

        Assert.Contains("Background jobs", html, StringComparison.Ordinal);
        foreach (var job in new[] { "monthly-reports", "sla-clocks", "job-history-trim" }) Assert.Contains($"id=\"job-{job}\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"job-failed\"", html, StringComparison.Ordinal);
        Assert.Contains("failed: TimeoutException", html, StringComparison.Ordinal);
        Assert.Contains("web-1:42", html, StringComparison.Ordinal);
        Assert.Contains("1 failed", html, StringComparison.Ordinal);
        Assert.Contains("job engine is off on this instance", html, StringComparison.Ordinal); // the Testing environment runs no engine
        Assert.Contains("href=\"/Admin/Jobs\"", html, StringComparison.Ordinal); // in the nav
    }

    [Theory]
    [InlineData("coder")]
    [InlineData("biller")]
    [InlineData("clinic")]
    public async Task The_jobs_page_is_refused_to_other_roles(string user)
    {
        var client = await SignedInAsync(user);
        var response = await client.GetAsync(new Uri("/Admin/Jobs", UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{user}: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Admin/Jobs\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_monthly_report_is_listed_on_the_reports_page_and_downloads_as_the_same_file()
    {
        // The job as it would run two months from now: the month just closed holds the demo's claims.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMonths(2));
        Guid clinic;
        KeptMonthlyReport kept;
        byte[] pdf;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            var job = new Caller(new Actor("system:monthly-reports", ClaimRole.Admin), new AuditOrigin("job:monthly-reports", null));
            await new MonthlyReportArchive(db, later, new MonthlyReports(db, later)).KeepClosedMonthAsync(job);
            kept = await db.KeptMonthlyReports.AsNoTracking().OrderBy(r => r.Month).FirstAsync();
            clinic = kept.ClinicId;
            pdf = kept.Pdf.Open(db.KeyRing!, KeptMonthlyReport.PdfTable, kept.Id);
        }
        var client = await SignedInAsync("manager");

        var page = await client.GetStringAsync(new Uri($"/Operations/Reports?clinic={clinic}", UriKind.Relative));
        Assert.Contains("Kept reports", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{kept.Month}\"", page, StringComparison.Ordinal);
        Assert.Contains("system:monthly-reports", page, StringComparison.Ordinal);

        var response = await client.PostAsync(new Uri("/Operations/Reports?handler=Pdf", UriKind.Relative), TestSupport.Form(page, ("clinic", clinic.ToString()), ("month", kept.Month)));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_sla_board_shows_each_clients_attainment_from_the_daily_snapshots()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            await new SlaSnapshots(db, TimeProvider.System).TakeAsync(new Caller(new Actor("system:sla-clocks", ClaimRole.Manager), new AuditOrigin("job:sla-clocks", null)));
        }
        var client = await SignedInAsync("manager");

        var html = await client.GetStringAsync(new Uri("/Operations/Sla", UriKind.Relative));

        Assert.Contains("id=\"sla-trend\"", html, StringComparison.Ordinal);
        Assert.Contains($">{DateTimeOffset.UtcNow:MM-dd}</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No snapshot yet", html, StringComparison.Ordinal);
    }
}

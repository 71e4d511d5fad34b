using System.Net;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>The biller's Patient statements page over the demo's self-pay patients: balances, audited names and PDFs, payments.</summary>
public sealed class StatementsPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<(Guid Clinic, Guid Patient, string Pseudonym, long Owes)> BilledPatientAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var rows = await (from e in db.LedgerEntries
                          join c in db.Claims on e.ClaimId equals c.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          where e.Kind == LedgerEntryKind.PatientTransfer && c.State == ClaimState.PatientBilling
                          select new { c.ClinicId, c.PatientId, p.Pseudonym, c.Id }).ToListAsync();
        Assert.NotEmpty(rows); // the demo bills a few self-pay patients
        var row = rows.OrderBy(r => r.Pseudonym, StringComparer.Ordinal).Last();
        long owes = 0;
        foreach (var claimId in rows.Where(r => r.PatientId == row.PatientId).Select(r => r.Id).Distinct())
            owes += (await ClaimBalance.ForClaimAsync(db, claimId)).PatientBalanceCents;
        return (row.ClinicId, row.PatientId, row.Pseudonym, owes);
    }

    [Fact]
    public async Task A_biller_sees_balances_by_pseudonym_downloads_an_audited_statement_and_records_payments()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");
        var (clinic, patient, pseudonym, owes) = await BilledPatientAsync();

        var page = await client.GetStringAsync(new Uri($"/Billing/Statements?clinic={clinic}", UriKind.Relative));
        Assert.Contains("Patient statements", page, StringComparison.Ordinal);
        Assert.Contains(pseudonym, page, StringComparison.Ordinal);
        Assert.Contains((owes / 100m).ToString("N2", System.Globalization.CultureInfo.CurrentCulture), page, StringComparison.Ordinal);

        var named = await client.GetStringAsync(new Uri($"/Billing/Statements?clinic={clinic}&names=true", UriKind.Relative));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityType == "Patient" && e.PatientPseudonym == pseudonym && e.ActorId == "biller@demo.claims.local"));
        }

        var pdf = await client.PostAsync(new Uri("/Billing/Statements?handler=Statement", UriKind.Relative), TestSupport.Form(named, ("clinic", clinic.ToString()), ("patient", patient.ToString())));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Amount due", text, StringComparison.Ordinal);
        Assert.Contains(pseudonym, text, StringComparison.Ordinal);
        Assert.Contains((owes / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);

        var over = await client.PostAsync(new Uri("/Billing/Statements?handler=Pay", UriKind.Relative), TestSupport.Form(named,
            ("clinic", clinic.ToString()), ("patient", patient.ToString()), ("amount", ((owes + 1) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), ("paidOn", "2020-01-01"), ("method", "Cash"), ("reference", "")));
        Assert.Equal(HttpStatusCode.Redirect, over.StatusCode);
        Assert.Contains("overpayment refused", await client.GetStringAsync(over.Headers.Location), StringComparison.Ordinal);

        var paid = await client.PostAsync(new Uri("/Billing/Statements?handler=Pay", UriKind.Relative), TestSupport.Form(named,
            ("clinic", clinic.ToString()), ("patient", patient.ToString()), ("amount", (owes / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), ("paidOn", "2020-01-01"), ("method", "Check"), ("reference", "1043")));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var after = await client.GetStringAsync(paid.Headers.Location);
        Assert.Contains("paid off and closed", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"<td>{pseudonym}", after, StringComparison.Ordinal);

        using var check = factory.Services.CreateScope();
        var store = check.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        Assert.True(await store.AuditEntries.AnyAsync(e => e.Action == AuditAction.Export && e.EntityType == "PatientStatement" && e.PatientPseudonym == pseudonym));
        Assert.True(await store.AuditEntries.AnyAsync(e => e.EntityType == "PatientPayment" && e.PatientPseudonym == pseudonym && e.Outcome == AuditOutcome.Success));
        Assert.False(await store.Claims.AnyAsync(c => c.PatientId == patient && c.State == ClaimState.PatientBilling));
    }

    [Fact]
    public async Task The_ready_page_keeps_a_self_pay_claim_out_of_the_837P_and_bills_the_patient_instead()
    {
        Guid claimId;
        string number;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            var patient = await db.Patients.OrderBy(p => p.Pseudonym).FirstAsync();
            var clinic = await db.Clinics.SingleAsync(c => c.Id == patient.ClinicId);
            var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
            var claim = new Claim(ClaimControlNumber.New(date, n => n - 1), clinic.Id, patient.Id, null, null, clinic.Npi, null, date, date, PlaceOfService.Office);
            claim.SetDiagnoses([Icd10Code.Parse("J20.9")]);
            claim.AddLine(ProcedureCode.Parse("99213"), [], 1, Money.Of(130m), [1]);
            var now = DateTimeOffset.UtcNow;
            claim.Take(new Actor("coder@test", ClaimRole.Coder), now, TimeSpan.FromMinutes(30));
            claim.CompleteCoding(new Actor("coder@test", ClaimRole.Coder), now);
            claim.PassVerification(new Actor("system:scrubber", ClaimRole.Scrubber), now, "Self-pay: ready for a patient statement.");
            db.Claims.Add(claim);
            await db.SaveChangesAsync();
            (claimId, number) = (claim.Id, claim.ControlNumber.Value);
        }
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");

        var ready = await client.GetStringAsync(new Uri("/Billing/Ready", UriKind.Relative));
        Assert.Contains("Self-pay: bill the patient", ready, StringComparison.Ordinal);
        Assert.Contains(number, ready, StringComparison.Ordinal);
        var detail = await client.GetStringAsync(new Uri($"/Claims/{claimId}", UriKind.Relative));
        Assert.Contains("Bill patient", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"Submit\"", detail, StringComparison.Ordinal);

        var created = await client.PostAsync(new Uri("/Billing/Ready?handler=Create", UriKind.Relative), TestSupport.Form(ready));
        var after = await client.GetStringAsync(created.Headers.Location?.OriginalString == "/Billing/Batches" ? new Uri("/Billing/Ready", UriKind.Relative) : created.Headers.Location);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.Equal(ClaimState.ReadyToSubmit, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId)).State);
        }

        var billed = await client.PostAsync(new Uri("/Billing/Ready?handler=BillPatient", UriKind.Relative), TestSupport.Form(after, ("claimId", claimId.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, billed.StatusCode);
        Assert.Contains("billed to the patient (SELF)", await client.GetStringAsync(billed.Headers.Location), StringComparison.Ordinal);
        using var check = factory.Services.CreateScope();
        var store = check.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        Assert.Equal(ClaimState.PatientBilling, (await store.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId)).State);
        Assert.Equal(13000, (await ClaimBalance.ForClaimAsync(store, claimId)).PatientBalanceCents);
    }

    [Fact]
    public async Task The_statements_page_is_for_billers_only()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "coder@demo.claims.local");
        var response = await client.GetAsync(new Uri("/Billing/Statements", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

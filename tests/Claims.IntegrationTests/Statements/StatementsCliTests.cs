using Claims.Audit;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Statements;

/// <summary><c>claims statements</c> and <c>claims payments record</c> on the same use cases as the Statements page.</summary>
public sealed class StatementsCliTests : IAsyncLifetime
{
    private PatientBillingFixture _fx = null!;
    private Guid _claim;

    public async Task InitializeAsync()
    {
        _fx = await PatientBillingFixture.CreateAsync();
        _claim = await _fx.BilledSelfPayClaimAsync(_fx.JaneId, new DateOnly(2026, 11, 2));
        await _fx.BilledSelfPayClaimAsync(_fx.RichardId, new DateOnly(2026, 10, 2), ("99214", 180m));
    }

    public Task DisposeAsync()
    {
        _fx.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Statements_writes_one_private_pdf_per_patient_who_owes_and_prints_no_names()
    {
        var folder = Path.Combine(_fx.Home.Home, "out");

        var (exit, output, error) = await _fx.Home.RunCliAsync("statements", "--clinic", _fx.ClinicId.ToString(), "--out", folder);

        Assert.True(exit == 0, error);
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["statement-PT-JANE0001-20261122.pdf", "statement-PT-RICH0002-20261122.pdf"], files.Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Contains("Jane Doe", PdfText.Extract(await File.ReadAllBytesAsync(files[0])), StringComparison.Ordinal);
        Assert.Contains("PT-JANE0001", output, StringComparison.Ordinal);
        Assert.Contains("405.00 due in all", output, StringComparison.Ordinal);
        foreach (var name in new[] { "Jane", "Doe", "Richard", "Roe", "Elm St" }) Assert.DoesNotContain(name, output, StringComparison.Ordinal);

        var (one, oneOut, _) = await _fx.Home.RunCliAsync("statements", "--clinic", "Sunrise Family Clinic", "--patient", "PT-RICH0002", "--out", Path.Combine(_fx.Home.Home, "one"), "--json");
        Assert.Equal(0, one);
        Assert.Contains("\"amountDue\": 180", oneOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_record_applies_a_payment_refuses_an_overpayment_and_rejects_a_bad_amount()
    {
        var (over, _, overError) = await _fx.Home.RunCliAsync("payments", "record", "--patient", "PT-JANE0001", "--amount", "225.01", "--date", "2026-11-20", "--method", "cash");
        Assert.Equal(1, over);
        Assert.Contains("overpayment refused", overError, StringComparison.Ordinal);

        var (bad, _, _) = await _fx.Home.RunCliAsync("payments", "record", "--claim", _claim.ToString(), "--amount", "1.234", "--date", "2026-11-20", "--method", "cash");
        Assert.Equal(2, bad);
        var (method, _, _) = await _fx.Home.RunCliAsync("payments", "record", "--claim", _claim.ToString(), "--amount", "1.00", "--date", "2026-11-20", "--method", "bitcoin");
        Assert.Equal(2, method);

        var (exit, output, error) = await _fx.Home.RunCliAsync("payments", "record", "--claim", _claim.ToString(), "--amount", "225.00", "--date", "2026-11-20", "--method", "check", "--reference", "1043");
        Assert.True(exit == 0, error);
        Assert.Contains("paid off and closed", output, StringComparison.Ordinal);

        await using var db = _fx.Home.NewContext();
        Assert.Equal(0, (await ClaimBalance.ForClaimAsync(db, _claim)).BalanceCents);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "PatientPayment" && e.Outcome == AuditOutcome.Failure));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "PatientPayment" && e.Outcome == AuditOutcome.Success && e.ActorRole == "Biller"));
    }
}

using System.Text;
using System.Text.Json;
using Claims.Core.Tests.X12;
using Claims.Remittance;

namespace Claims.Core.Tests.Remittance;

public sealed class ClaimPaymentViewTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void The_dry_run_JSON_shows_dollars_status_words_adjustments_and_lines_in_camel_case()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", X12Samples.Body835);
        var advice = RemittanceAdviceReader.ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text))).Single();

        var json = JsonSerializer.Serialize(ClaimPaymentView.From(advice), Web);

        using var doc = JsonDocument.Parse(json);
        var claim = doc.RootElement[0];
        Assert.Equal("CLM0001", claim.GetProperty("claim").GetString());
        Assert.Equal("1", claim.GetProperty("status").GetString());
        Assert.Equal("Processed as Primary", claim.GetProperty("statusText").GetString());
        Assert.Equal(200m, claim.GetProperty("charge").GetDecimal());
        Assert.Equal(120m, claim.GetProperty("paid").GetDecimal());
        Assert.Equal(30m, claim.GetProperty("patientResponsibility").GetDecimal());
        Assert.Equal("PAYER-1", claim.GetProperty("payerClaimNumber").GetString());
        Assert.Equal("MA01", claim.GetProperty("remarks")[0].GetString());
        var line = claim.GetProperty("lines")[0];
        Assert.Equal("99213", line.GetProperty("code").GetString());
        Assert.Equal("25", line.GetProperty("modifiers")[0].GetString());
        Assert.Equal((1m, 150m, 130m, 100m), (line.GetProperty("units").GetDecimal(), line.GetProperty("charge").GetDecimal(), line.GetProperty("allowed").GetDecimal(), line.GetProperty("paid").GetDecimal()));
        Assert.Equal("N130", line.GetProperty("remarks")[0].GetString());
        var adjustment = line.GetProperty("adjustments")[1];
        Assert.Equal(("PR", "2", 30m), (adjustment.GetProperty("group").GetString(), adjustment.GetProperty("reason").GetString(), adjustment.GetProperty("amount").GetDecimal()));

        var denied = doc.RootElement[1];
        Assert.Equal(("Denied", 75.5m, JsonValueKind.Null), (denied.GetProperty("statusText").GetString(), denied.GetProperty("charge").GetDecimal(), denied.GetProperty("patientResponsibility").ValueKind));
        Assert.Equal("CO", denied.GetProperty("adjustments")[0].GetProperty("group").GetString());
        Assert.DoesNotContain("DOE", json, StringComparison.Ordinal); // no patient names in the dry run
    }

    [Fact]
    public void Cents_become_dollars_exactly()
    {
        Assert.Equal(1234.50m, ClaimPaymentView.Dollars(123450));
        Assert.Equal(-0.01m, ClaimPaymentView.Dollars(-1));
        Assert.Equal("1234.50", ClaimPaymentView.Dollars(123450).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

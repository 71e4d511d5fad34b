using System.Globalization;
using System.Text;
using Claims.Core.Tests.X12;
using Claims.Remittance;
using Claims.X12;

namespace Claims.Core.Tests.Remittance;

public sealed class RemittanceAdviceReaderTests
{
    private static RemittanceAdvice ReadOne(string text, X12ReaderOptions? options = null) =>
        Assert.Single(RemittanceAdviceReader.ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), options).ToList());

    private static X12FormatException Refusal(string body) =>
        Assert.Throws<X12FormatException>(() => ReadOne(X12Samples.Envelope("835", "005010X221A1", body)));

    [Fact]
    public void Every_field_of_a_small_835_is_read_in_cents_and_codes()
    {
        var advice = ReadOne(X12Samples.Envelope("835", "005010X221A1", X12Samples.Body835));

        Assert.Equal(new RemittancePayment("I", 13000, "C", "ACH", new DateOnly(2026, 11, 30), 4), advice.Payment);
        Assert.Equal("12345", advice.TraceNumber);
        Assert.Equal("1512345678", advice.TraceOriginatorId);
        Assert.Equal(new DateOnly(2026, 11, 29), advice.ProductionDate);
        Assert.Equal("ACME HEALTH PLAN", advice.Payer.Name);
        Assert.Equal("PAYER01", Assert.Single(advice.Payer.References, r => r.Qualifier == "2U").Value);
        Assert.Equal("1234567893", advice.Payee.Npi);
        Assert.Equal("123456789", advice.Payee.TaxId);
        Assert.Equal("000000101", advice.Interchange.ControlNumber);
        Assert.Equal("0001", advice.ControlNumber);

        Assert.Equal(2, advice.Claims.Count);
        var paid = advice.Claims[0];
        Assert.Equal(("CLM0001", "1", 20000L, 12000L, (long?)3000), (paid.ClaimControlNumber, paid.StatusCode, paid.ChargeCents, paid.PaidCents, paid.PatientResponsibilityCents));
        Assert.Equal(("12", "PAYER-1", "11", "1"), (paid.FilingIndicator, paid.PayerClaimNumber, paid.FacilityCode, paid.FrequencyCode));
        Assert.Equal("Processed as Primary", paid.StatusText);
        Assert.Equal("DOE", paid.Name("QC")!.LastOrOrganization);
        Assert.Equal(["MA01"], paid.RemarkCodes);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)), (paid.StatementFrom!.Value, paid.StatementTo!.Value));
        Assert.Equal(14, paid.SegmentNumber);

        var line = paid.Lines[0];
        Assert.Equal(("HC", "99213", (string?)null), (line.Procedure.Qualifier, line.Procedure.Code, line.Procedure.Description));
        Assert.Equal(["25"], line.Procedure.Modifiers);
        Assert.Equal((15000L, 10000L, 1m, 13000L), (line.ChargeCents!.Value, line.PaidCents!.Value, line.Units!.Value, line.AllowedCents!.Value));
        Assert.Equal([new Adjustment("CO", "45", 2000, null), new Adjustment("PR", "2", 3000, null)], line.Adjustments);
        Assert.Equal(["N130"], line.RemarkCodes);
        Assert.Equal("L1", line.LineControlNumber);
        Assert.Equal(new DateOnly(2026, 11, 1), line.ServiceDate);
        Assert.Equal(2m, paid.Lines[1].Units);

        var denied = advice.Claims[1];
        Assert.Equal(("4", 7550L, 0L, (long?)null), (denied.StatusCode, denied.ChargeCents, denied.PaidCents, denied.PatientResponsibilityCents));
        Assert.Equal([new Adjustment("CO", "50", 7550, null)], denied.Adjustments);
        Assert.Empty(denied.Lines);

        var plb = Assert.Single(advice.ProviderAdjustments);
        Assert.Equal(("1234567893", new DateOnly(2026, 12, 31)), (plb.ProviderId, plb.FiscalPeriodDate));
        Assert.Equal([new ProviderAdjustmentItem("L6", null, -1000)], plb.Items);
    }

    [Fact]
    public void A_small_balanced_835_has_no_balancing_findings()
    {
        var advice = ReadOne(X12Samples.Envelope("835", "005010X221A1", X12Samples.Body835));

        Assert.Empty(RemittanceBalancing.Check(advice));
    }

    [Fact]
    public void Each_balancing_rule_reports_its_own_finding_with_expected_and_actual_cents()
    {
        // Line 2 pays 25 instead of 20: the line, its claim and the transaction all stop balancing.
        var body = X12Samples.Body835.Replace("SVC*HC:85025*50*20**2~", "SVC*HC:85025*50*25**2~", StringComparison.Ordinal)
            .Replace("CLP*CLM0001*1*200*120*", "CLP*CLM0001*1*200*125*", StringComparison.Ordinal);
        var findings = RemittanceBalancing.Check(ReadOne(X12Samples.Envelope("835", "005010X221A1", body)));

        Assert.Equal(3, findings.Count);
        Assert.Equal(new BalanceFinding(BalanceLevel.Line, "CLM0001", 2, 2000, 2500, 26, "SVC02 50 - line CAS 30 = 20, but SVC03 is 25"), findings[0]);
        Assert.Equal(new BalanceFinding(BalanceLevel.Claim, "CLM0001", null, 7500, 8000, 14,
            "CLP03 200 - CLP04 125 = 75, but claim CAS 0 + line CAS 80 = 80"), findings[1]);
        Assert.Equal(new BalanceFinding(BalanceLevel.Transaction, null, null, 13500, 13000, 4,
            "sum(CLP04) 125 - sum(PLB) -10 = 135, but BPR02 is 130"), findings[2]);
    }

    [Fact]
    public void The_BCBS_NC_sample_matches_the_edi_835_parser_figures_line_by_line()
    {
        using var reader = new X12Reader(new StringReader(X12Samples.BlueCrossSampleWithSeCountFixed()), new X12ReaderOptions { AllowBareTransactionSet = true });
        var advice = RemittanceAdviceReader.Read(Assert.Single(reader.ReadTransactions()));
        var claim = Assert.Single(advice.Claims);
        var rows = File.ReadAllLines(X12Samples.Path("edi-835-parser", "output", "blue_cross_nc_sample.csv"))
            .Skip(1).Select(l => l.Split(',')).ToList();

        Assert.Equal(rows.Count, claim.Lines.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, line) = (rows[i], claim.Lines[i]);
            Assert.Equal(row[1], claim.ClaimControlNumber);
            Assert.Equal(row[2], $"{claim.Name("QC")!.First} {claim.Name("QC")!.LastOrOrganization}");
            Assert.Equal(row[3], line.Procedure.Code);
            Assert.Equal(row[4], string.Join(":", line.Procedure.Modifiers));
            Assert.Equal(row[5], line.Procedure.Qualifier);
            Assert.Equal(Number(row[6]), line.Units);
            Assert.Equal(Number(row[7]), line.OriginalUnits ?? line.Units); // billed units: SVC07, else SVC05
            Assert.Equal(Date(row[8]), advice.Payment.Date);
            Assert.Equal(Cents(row[9]), line.ChargeCents);
            Assert.Equal(Cents(row[10]), line.AllowedCents);
            Assert.Equal(Cents(row[11]), line.PaidCents);
            Assert.Equal(row[12], advice.Payer.Name);
            Assert.Equal(Date(row[13]), line.ServiceDate);
            Assert.Equal(Date(row[14]), line.ServiceDate);
            for (var a = 0; a < 2; a++)
            {
                var adjustment = line.Adjustments.ElementAtOrDefault(a);
                Assert.Equal(Cents(row[16 + 3 * a]), adjustment?.AmountCents);
                Assert.Equal(row[17 + 3 * a], adjustment?.Reason ?? "");
                Assert.Equal(row[18 + 3 * a], adjustment?.Group ?? "");
            }
            Assert.Equal((row[22], row[23]), ("6R", line.LineControlNumber));
        }

        // The third line carries no SVC02/SVC03 (the parser's CSV shows them blank too): balancing says so, the rest balances.
        var finding = Assert.Single(RemittanceBalancing.Check(advice));
        Assert.Equal((BalanceLevel.Line, 3), (finding.Level, finding.LineNumber));
    }

    [Fact]
    public void The_Nebraska_Medicaid_835s_read_across_three_interchanges_and_match_their_single_file_twin()
    {
        List<RemittanceAdvice> Read(params string[] path)
        {
            using var file = X12Samples.Open(path);
            return RemittanceAdviceReader.ReadAll(file).ToList();
        }

        var three = Read("oopfactory-x12parser", "INS", "_835", "_5010", "ExampleFromNth.txt");
        var twin = Read("oopfactory-x12parser", "INS", "_835", "_5010", "FromNth", "835_WithMultipleInterchanges.txt");

        Assert.Equal([99999L, 999999L, 48213L], three.Select(a => a.Payment.AmountCents));
        Assert.Equal(56, three.Sum(a => a.Claims.Count));
        var first = three[0].Claims[0];
        Assert.Equal(("9999999999-999", "4", 99999L, 0L, (long?)0, "MC", "11", "1"),
            (first.ClaimControlNumber, first.StatusCode, first.ChargeCents, first.PaidCents, first.PatientResponsibilityCents, first.FilingIndicator, first.FacilityCode, first.FrequencyCode));
        Assert.Equal(("XX", "99999", 0), (first.Lines[0].Procedure.Qualifier, first.Lines[0].Procedure.Code, first.Lines[0].Procedure.Modifiers.Count));
        Assert.Equal(9.999m, first.Lines[0].Units);
        Assert.Equal(["N1"], first.Lines[0].RemarkCodes);
        Assert.Equal(new DateOnly(2012, 1, 16), first.StatementFrom);
        Assert.Equal("74", first.Names[1].EntityCode);

        Assert.Equal(Totals(three), Totals(twin));
    }

    private static string Totals(IEnumerable<RemittanceAdvice> advices) => string.Join("|", advices.SelectMany(a => a.Claims)
        .Select(c => $"{c.ClaimControlNumber}:{c.ChargeCents}:{c.PaidCents}:{string.Join(",", c.Lines.Select(l => $"{l.ChargeCents}/{l.PaidCents}/{l.Adjustments.Sum(x => x.AmountCents)}"))}"));

    [Theory]
    [InlineData("CLP*CLM0001*1*200*120~", "segment 13 (CLP): expected at least 6 elements, found 4")]
    [InlineData("CLP*CLM0001*9*200*120*30*12~", "segment 13 (CLP): expected CLP02 (claim status code) to be one of 1, 2, 3, 4, 19, 20, 21, 22, 23, 25, found '9'")]
    [InlineData("CLP*CLM0001*1*200.005*120*30*12~", "segment 13 (CLP): expected CLP03 (total claim charge amount) as an amount with at most 2 decimals, found '200.005'")]
    [InlineData("CLP*CLM0001*1*200*120*30*12~CAS*CR*45*80~", "segment 14 (CAS): expected CAS01 (claim adjustment group code) to be one of CO, OA, PI, PR, found 'CR'")]
    [InlineData("CLP*CLM0001*1*200*120*30*12~CAS*CO**80~", "segment 14 (CAS): expected CAS02 (claim adjustment reason code)")]
    [InlineData("SVC*HC:99213*150*100~", "segment 13 (SVC): expected CLP before SVC (the claim payment loop 2100)")]
    [InlineData("CLP*CLM0001*1*200*120*30*12~SVC*HC:99213*150*100~NM1*QC*1*DOE~", "segment 15 (NM1): expected NM1 before the first SVC of the claim (loop 2100), found it in a service line")]
    [InlineData("PLB*123*20261231*L6*-10~CLP*CLM0001*1*200*120*30*12~", "segment 14 (CLP): expected CLP before PLB (provider adjustments end the 835)")]
    [InlineData("CLP*CLM0001*1*200*120*30*12~DTM*232*20261331~", "segment 14 (DTM): expected DTM02 (date) as a CCYYMMDD date, found '20261331'")]
    public void A_malformed_claim_is_refused_with_its_segment_number_and_what_was_expected(string claims, string message)
    {
        var header = "BPR*I*0*C*NON~TRN*1*1~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~";
        // ISA, GS, ST, the header at 4-7, four REFs at 8-11, LX at 12: the claim segments begin at 13.
        var body = header + "REF*EV*X~REF*EV*Y~REF*EV*Z~REF*EV*W~LX*1~" + claims;

        Assert.Equal(message, Refusal(body).Message);
    }

    [Fact]
    public void An_835_must_start_with_BPR_and_name_its_payer_and_payee()
    {
        Assert.Equal("segment 4 (TRN): expected BPR as the first segment after ST (835 header)", Refusal("TRN*1*1~").Message);
        Assert.Equal("segment 6 (SE): expected N1*PE (payee identification, loop 1000B) in the 835", Refusal("BPR*I*0*C*NON~N1*PR*P~").Message);
        Assert.Equal("segment 4 (BPR): expected BPR03 (credit/debit flag) to be one of C, D, found 'X'", Refusal("BPR*I*0*X*NON~").Message);
    }

    [Fact]
    public void A_file_of_another_transaction_set_is_refused_at_its_ST()
    {
        using var file = X12Samples.Open("oopfactory-x12parser", "INS", "_837P", "_5010", "Example1_HealthInsurance.txt");

        var error = Assert.Throws<X12FormatException>(() => RemittanceFile.Read(file).ToList());

        Assert.Equal("segment 3 (ST): expected a 999, 277 or 835 transaction set, found 837", error.Message);
    }

    [Fact]
    public void A_reversal_carries_negative_amounts_exactly()
    {
        var body = X12Samples.Body835.Replace("CLP*CLM0002*4*75.5*0**12*PAYER-2~CAS*CO*50*75.5~", "CLP*CLM0002*22*-75.5*-0.5**12*PAYER-2~CAS*CO*50*-75~", StringComparison.Ordinal);
        var reversal = ReadOne(X12Samples.Envelope("835", "005010X221A1", body)).Claims[1];

        Assert.True(reversal.IsReversal);
        Assert.Equal((-7550L, -50L, -7500L), (reversal.ChargeCents, reversal.PaidCents, reversal.Adjustments[0].AmountCents));
    }

    private static decimal? Number(string text) => text.Length == 0 ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static long? Cents(string text) => text.Length == 0 ? null : (long)(decimal.Parse(text, CultureInfo.InvariantCulture) * 100);

    private static DateOnly? Date(string text) => text.Length == 0 ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using System.Text;
using Claims.Submission;

namespace Claims.Core.Tests.Submission;

/// <summary>
/// Golden files are plain, checked-in .x12 files compared byte for byte (not Snapshooter): Snapshooter stores a
/// string as an escaped JSON string in a .snap file, which no X12 tool can read and whose diffs hide segments.
/// A .x12 golden file is the real artifact, one segment per line, and can be fed to any validator.
/// Set CLAIMS_UPDATE_GOLDEN=1 to rewrite them, then read the diff before committing.
/// </summary>
public sealed class Professional837WriterTests
{
    private static string GoldenPath(string name) => Path.Combine(Fixtures.Root, "tests", "Claims.Core.Tests", "Submission", "Golden", name + ".x12");

    public static TheoryData<string> Scenarios() => [.. Sample837.GoldenScenarios().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_writes_its_golden_file_byte_for_byte_and_passes_the_independent_checker(string name)
    {
        var batch = Sample837.GoldenScenarios().Single(s => s.Name == name).Batch;

        var bytes = WriteBytes(batch, out var result);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Issues));
        Assert.Empty(X12Checker.Check(bytes));
        var path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable("CLAIMS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        var expected = File.ReadAllBytes(path);
        Assert.True(expected.AsSpan().SequenceEqual(bytes), FirstDifference(expected, bytes));
    }

    [Fact]
    public void Without_line_breaks_the_output_is_the_golden_file_on_one_line()
    {
        var batch = Sample837.Batch([Sample837.OfficeVisit("CLM0001")], lineBreaks: false);

        var text = Encoding.ASCII.GetString(WriteBytes(batch, out _));

        Assert.Equal(File.ReadAllText(GoldenPath("subscriber-is-patient")).Replace("\n", "", StringComparison.Ordinal), text);
        Assert.DoesNotContain('\n', text);
        Assert.Empty(X12Checker.Check(text));
    }

    [Fact]
    public void The_ISA_is_106_characters_with_padded_ids_and_the_envelope_echoes_the_control_numbers()
    {
        var text = WriteText(Sample837.Batch([Sample837.OfficeVisit("CLM0001")], lineBreaks: false));

        var isa = text[..106];
        Assert.Equal("ISA*00*          *00*          *ZZ*CLAIMSBPO      *ZZ*CLEARINGHOUSE1 *261130*0915*^*00501*000001021*0*T*:~", isa);
        Assert.StartsWith("GS*HC*CLAIMSBPO*CLEARINGHOUSE1*20261130*0915*2041*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*BATCH20261130-01*20261130*0915*CH~", text[106..], StringComparison.Ordinal);
        Assert.EndsWith("GE*1*2041~IEA*1*000001021~", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_for_the_subscriber_has_no_2000C_and_SBR02_self_and_CLM02_is_the_sum_of_the_lines()
    {
        var segments = Segments(WriteText(Sample837.Batch([Sample837.OfficeVisit("CLM0001")], lineBreaks: false)));

        Assert.Contains("HL*2*1*22*0", segments);
        Assert.Contains("SBR*P*18*******MB", segments);
        Assert.DoesNotContain(segments, s => s.StartsWith("HL*3", StringComparison.Ordinal) || s.StartsWith("PAT", StringComparison.Ordinal));
        Assert.Contains("CLM*CLM0001*205.5***11:B:1*Y*A*Y*Y", segments);
        Assert.Contains("SV1*HC:99213:25*125*UN*1***1:2", segments);
        Assert.Contains("SV1*HC:71046*80.5*UN*1***1", segments);
        Assert.Contains("HI*ABK:J209*ABF:R509", segments);
        Assert.Contains("NM1*IL*1*DOE*JANE****MI*1EG4TE5MK73", segments);
    }

    [Fact]
    public void A_dependent_gets_a_2000C_with_PAT_and_NM1_QC_and_the_claim_under_it()
    {
        var claim = Sample837.OfficeVisit("CLM0002", Sample837.Commercial, Sample837.ParentSubscriber()) with { Patient = Sample837.Child() };

        var segments = Segments(WriteText(Sample837.Batch([claim], lineBreaks: false)));

        var hl3 = segments.IndexOf("HL*3*2*23*0");
        Assert.True(hl3 > 0);
        Assert.Equal("PAT*19", segments[hl3 + 1]);
        Assert.Equal("NM1*QC*1*ROE*LILY", segments[hl3 + 2]);
        Assert.StartsWith("CLM*CLM0002", segments[hl3 + 6], StringComparison.Ordinal);
        Assert.Contains("HL*2*1*22*1", segments);
        Assert.Contains("SBR*P**GRP-5501******CI", segments);
        // 2010BA DMG is sent only when the subscriber is the patient: the one DMG is the patient's (2010CA).
        Assert.Equal("DMG*D8*20190715*F", Assert.Single(segments, s => s.StartsWith("DMG", StringComparison.Ordinal)));
    }

    [Fact]
    public void Five_thousand_and_one_claims_for_one_payer_make_two_transaction_sets()
    {
        var claims = Enumerable.Range(1, 5_001).Select(i => Sample837.OfficeVisit($"C{i:D6}", subscriber: Sample837.SelfSubscriber($"M{i:D8}"))).ToArray();

        var bytes = WriteBytes(Sample837.Batch(claims, lineBreaks: false), out var result);
        var segments = Segments(Encoding.ASCII.GetString(bytes));

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.TransactionSets);
        Assert.Empty(X12Checker.Check(bytes));
        var sts = segments.Select((s, i) => (s, i)).Where(x => x.s.StartsWith("ST*", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        Assert.Equal(["ST*837*0001*005010X222A1", "ST*837*0002*005010X222A1"], sts.Select(i => segments[i]));
        Assert.Equal(5_000, segments.Take(sts[1]).Count(s => s.StartsWith("CLM*", StringComparison.Ordinal)));
        Assert.Equal(1, segments.Skip(sts[1]).Count(s => s.StartsWith("CLM*", StringComparison.Ordinal)));
        Assert.Contains("GE*2*2041", segments);
    }

    [Fact]
    public void More_than_100_claims_of_one_subscriber_are_spread_over_several_2000B()
    {
        var claims = Enumerable.Range(1, 101).Select(i => Sample837.OfficeVisit($"C{i:D4}")).ToArray();

        var text = WriteText(Sample837.Batch(claims, lineBreaks: false));

        Assert.Empty(X12Checker.Check(text));
        Assert.Equal(2, Segments(text).Count(s => s.StartsWith("HL*", StringComparison.Ordinal) && s.EndsWith("*22*0", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_secondary_claim_whose_primary_adjudication_does_not_balance_is_refused_and_the_checker_agrees()
    {
        var good = Sample837.GoldenScenarios().Single(s => s.Name == "secondary-after-primary").Batch.Claims[0];
        // The primary's first line now pays 10.00 more than its charge minus its adjustments allow.
        var line = good.Lines[0] with { Adjudications = [good.Lines[0].Adjudications[0] with { PaidCents = 9000 }] };
        var unbalanced = good with { Lines = [line, good.Lines[1]] };
        var stream = new MemoryStream();

        var result = Professional837Writer.Write(Sample837.Batch(unbalanced), stream);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i is { ClaimControlNumber: "CLM0011", Location: "2400 LX 1 2430 SVD02" });
        // AMT*D (130.00) still balances the claim: only the line is wrong.
        Assert.DoesNotContain(result.Issues, i => i.Location == "2320 AMT*D");
        var golden = File.ReadAllText(GoldenPath("secondary-after-primary")).Replace("SVD*00952*80*", "SVD*00952*90*", StringComparison.Ordinal);
        Assert.Contains(X12Checker.Check(golden), f => f.Rule == X12Checker.Rules.CobBalance);
    }

    [Fact]
    public void Bad_input_returns_issues_naming_claim_control_numbers_and_writes_nothing()
    {
        var good = Sample837.OfficeVisit("GOOD1");
        var badNpi = good with { ControlNumber = "BADNPI", BillingProvider = Sample837.Clinic with { Npi = "1234567890" } };
        var thirteenDx = good with { ControlNumber = "DX13", Diagnoses = [.. Enumerable.Range(0, 13).Select(i => $"R{50 + i}")] };
        var fiftyOneLines = good with { ControlNumber = "LINES51", Lines = [.. Enumerable.Repeat(Sample837.Line("99213", 100, [1]), 51)] };
        var replacementWithoutF8 = good with { ControlNumber = "FREQ7", FrequencyCode = "7" };
        var stream = new MemoryStream();

        var result = Professional837Writer.Write(Sample837.Batch(good, badNpi, thirteenDx, fiftyOneLines, replacementWithoutF8), stream);

        Assert.False(result.Succeeded);
        Assert.Equal(0, stream.Length);
        Assert.Contains(result.Issues, i => i is { ClaimControlNumber: "BADNPI", Location: "2010AA NM109", Code: X12IssueCodes.CheckDigit });
        Assert.Contains(result.Issues, i => i is { ClaimControlNumber: "DX13", Location: "2300 HI", Code: X12IssueCodes.TooMany });
        Assert.Contains(result.Issues, i => i is { ClaimControlNumber: "LINES51", Location: "2400", Code: X12IssueCodes.TooMany });
        Assert.Contains(result.Issues, i => i is { ClaimControlNumber: "FREQ7", Location: "2300 REF*F8", Code: X12IssueCodes.Required });
        Assert.DoesNotContain(result.Issues, i => i.ClaimControlNumber == "GOOD1");
        // PHI stays out of the issues: no name, member id or birth date of the subscriber appears.
        var all = string.Join("\n", result.Issues);
        Assert.DoesNotContain("DOE", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("1EG4TE5MK73", all, StringComparison.Ordinal);
        Assert.DoesNotContain("1950", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Delimiters_inside_values_non_ASCII_text_and_a_short_ZIP_are_refused_without_echoing_the_value()
    {
        var claim = Sample837.OfficeVisit("C1", subscriber: Sample837.SelfSubscriber() with { LastName = "O*Brien", FirstName = "Zoë" })
            with { BillingProvider = Sample837.Clinic with { Address = Sample837.Clinic.Address with { PostalCode = "62701" } } };
        var writer = new StringWriter();

        var result = Professional837Writer.Write(Sample837.Batch(claim), writer);

        Assert.Equal(0, writer.GetStringBuilder().Length);
        Assert.Contains(result.Issues, i => i is { Location: "2010BA NM103", Code: X12IssueCodes.Delimiter });
        Assert.Contains(result.Issues, i => i is { Location: "2010BA NM104", Code: X12IssueCodes.Characters });
        Assert.Contains(result.Issues, i => i is { Location: "2010AA N403", Code: X12IssueCodes.Length });
        Assert.DoesNotContain(result.Issues, i => i.Message.Contains("Brien", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pointers_outside_the_diagnoses_a_PO_box_billing_address_a_payer_claim_number_on_an_original_non_digit_and_lower_case_codes_are_refused()
    {
        var claim = Sample837.OfficeVisit("C2") with
        {
            Lines = [Sample837.Line("99213", 100, [1, 3]), Sample837.Line("j1100", 100, [1], "rt")],
            PayerClaimNumber = "123",
            BillingProvider = Sample837.Clinic with { TaxId = "98765432X", Address = Sample837.Clinic.Address with { Line1 = "P.O. Box 55" } },
            PlaceOfService = "1A",
            Subscriber = Sample837.SelfSubscriber() with { Address = Sample837.SelfSubscriber().Address! with { PostalCode = "6270A" } },
        };

        var result = Professional837Writer.Validate(Sample837.Batch(claim));

        Assert.Contains(result.Issues, i => i is { Location: "2400 LX 1 SV107", Code: X12IssueCodes.Invalid });
        Assert.Contains(result.Issues, i => i is { Location: "2010AA N301", Code: X12IssueCodes.NotAllowed });
        Assert.Contains(result.Issues, i => i is { Location: "2300 REF*F8", Code: X12IssueCodes.NotAllowed });
        Assert.Contains(result.Issues, i => i is { Location: "2010AA REF02", Code: X12IssueCodes.Invalid });
        Assert.Contains(result.Issues, i => i is { Location: "2300 CLM05-1", Code: X12IssueCodes.Invalid });
        Assert.Contains(result.Issues, i => i is { Location: "2010BA N403", Code: X12IssueCodes.Invalid });
        Assert.Contains(result.Issues, i => i is { Location: "2400 LX 2 SV101-2", Code: X12IssueCodes.Invalid });
        Assert.Contains(result.Issues, i => i is { Location: "2400 LX 2 SV101-3", Code: X12IssueCodes.Invalid });
        Assert.Equal(8, result.Issues.Count);
    }

    [Fact]
    public void Segments_never_end_in_an_empty_element_or_component()
    {
        foreach (var (_, batch) in Sample837.GoldenScenarios())
        {
            // ISA16 is the component separator itself, so the ISA is the one segment that ends in one.
            foreach (var segment in Segments(WriteText(batch)).Where(s => !s.StartsWith("ISA", StringComparison.Ordinal)))
            {
                Assert.False(segment.EndsWith('*') || segment.EndsWith(':'), segment);
            }
        }
    }

    private static byte[] WriteBytes(Professional837Batch batch, out Professional837Result result)
    {
        using var stream = new MemoryStream();
        result = Professional837Writer.Write(batch, stream);
        return stream.ToArray();
    }

    private static string WriteText(Professional837Batch batch) => Encoding.ASCII.GetString(WriteBytes(batch, out _));

    private static List<string> Segments(string text) => [.. text.Split('~', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('\n'))];

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var e = Encoding.ASCII.GetString(expected).Split('\n');
        var a = Encoding.ASCII.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"line {i + 1}: expected '{el}' but wrote '{al}'";
        }
        return "the files differ";
    }
}

using Claims.Domain;
using Claims.Coding;
using Claims.Scrubbing;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Core.Tests.Scrubbing;

public sealed class ScrubberTests
{
    private static readonly Scrubber Scrubber = new(CodeSets.Embedded);
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly DateOnly Dos = new(2026, 10, 15);

    private static ScrubClaim Clean(params ScrubLine[] lines) => new()
    {
        ClaimId = "C1",
        PatientKey = "P1",
        Sex = AdministrativeSex.Female,
        BirthYear = 1980,
        PayerId = "DEMO-60054",
        HasSubscriberId = true,
        HasCoverage = true,
        CoverageStart = new DateOnly(2026, 1, 1),
        BillingProviderNpi = Npi.FromBase(123456789).Value,
        ServiceFrom = Dos,
        ServiceTo = Dos,
        PlaceOfService = "11",
        Diagnoses = ["J20.9", "R05"],
        Lines = lines.Length > 0 ? lines : [Line(1, "99213")],
    };

    private static ScrubLine Line(int n, string code, int units = 1, decimal charge = 100m, params string[] modifiers) =>
        new(n, code, modifiers, units, charge, [1], Dos);

    private static IReadOnlyList<string> Ids(ScrubClaim claim, DuplicateIndex? others = null) => Scrubber.Scrub(claim, Today, others).ErrorIds;

    [Fact]
    public void A_clean_claim_has_no_findings() => Assert.Empty(Scrubber.Scrub(Clean(), Today).Findings);

    [Fact]
    public void Ncci_indicator_1_is_bypassed_by_an_ncci_modifier_but_indicator_0_is_not()
    {
        Assert.Equal([EditIds.NcciPtp], Ids(Clean(Line(1, "71046"), Line(2, "71045"))));
        Assert.Empty(Ids(Clean(Line(1, "71046"), Line(2, "71045", modifiers: "59"))));
        Assert.Equal([EditIds.NcciPtp], Ids(Clean(Line(1, "80053"), Line(2, "80048", modifiers: "59"))));
        var finding = Scrubber.Scrub(Clean(Line(1, "80053"), Line(2, "80048")), Today).Findings.Single();
        Assert.Equal("line 2", finding.Location);
        Assert.Contains("demo", finding.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Ncci_pairs_on_different_dates_of_service_do_not_collide()
    {
        var claim = Clean(Line(1, "80053"), new ScrubLine(2, "80048", [], 1, 30m, [1], Dos.AddDays(1))) with { ServiceTo = Dos.AddDays(1) };
        Assert.Empty(Ids(claim));
    }

    [Fact]
    public void Mue_per_day_sums_lines_and_per_line_checks_each_line()
    {
        Assert.Equal([EditIds.Mue], Ids(Clean(Line(1, "36415", 2), Line(2, "36415", 1))));
        Assert.Empty(Ids(Clean(Line(1, "20610", 2), Line(2, "99213"))));
        Assert.Equal([EditIds.Mue], Ids(Clean(Line(1, "20610", 3))));
    }

    [Fact]
    public void Age_from_a_birth_year_only_flags_what_is_certain()
    {
        // Z00.129 is pediatric (0-17): born 2008, on 2026-10-15 the patient is 17 or 18, so no finding.
        var child = Clean() with { Diagnoses = ["Z00.129"], BirthYear = 2008 };
        Assert.Empty(Ids(child));
        Assert.Equal([EditIds.IcdAge], Ids(child with { BirthYear = 2000 }));
    }

    [Fact]
    public void Sex_edits_need_a_known_sex()
    {
        var claim = Clean() with { Diagnoses = ["C61"] };
        Assert.Equal([EditIds.IcdSex], Ids(claim));
        Assert.Empty(Ids(claim with { Sex = AdministrativeSex.Male }));
        Assert.Empty(Ids(claim with { Sex = AdministrativeSex.Unknown }));
    }

    [Fact]
    public void Excludes1_pairs_are_reported_once()
    {
        var findings = Scrubber.Scrub(Clean() with { Diagnoses = ["J20.9", "J40"] }, Today).Findings;
        var finding = Assert.Single(findings);
        Assert.Equal(EditIds.IcdExcludes1, finding.Edit);
        Assert.Equal("diagnosis 1, diagnosis 2", finding.Location);
    }

    [Fact]
    public void An_unspecified_code_beside_a_more_specific_code_of_its_category_is_redundant()
    {
        var finding = Assert.Single(Scrubber.Scrub(Clean() with { Diagnoses = ["E11.9", "E11.65"] }, Today).Findings);
        Assert.Equal(EditIds.IcdRedundant, finding.Edit);
        Assert.Equal("diagnosis 1, diagnosis 2", finding.Location);
        Assert.Contains("remove E11.9", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E11.65", "E11.21")] // two specific codes of one category: both stand
    [InlineData("E11.9", "I10")] // different categories
    [InlineData("S52.90XA", "S52.501A")] // injuries at two sites are two conditions
    public void Codes_that_each_say_something_are_not_redundant(string first, string second) =>
        Assert.DoesNotContain(EditIds.IcdRedundant, Ids(Clean() with { Diagnoses = [first, second] }));

    [Theory]
    [InlineData("J20.99", EditIds.IcdInvalid)]
    [InlineData("20.9", EditIds.IcdInvalid)]
    [InlineData("J20", EditIds.IcdHeader)]
    public void Diagnosis_validity(string code, string id) => Assert.Equal([id], Ids(Clean() with { Diagnoses = [code] }));

    [Fact]
    public void A_missing_placeholder_x_is_invalid_and_the_message_says_how_to_fix_it()
    {
        var finding = Scrubber.Scrub(Clean() with { Diagnoses = ["S01.81A"] }, Today).Findings.Single();
        Assert.Equal(EditIds.IcdInvalid, finding.Edit);
        Assert.Contains("S01.81XA", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timely_filing_uses_the_payer_limit_or_365_days()
    {
        var old = Clean() with { ServiceFrom = Today.AddDays(-100), ServiceTo = Today.AddDays(-100), Lines = [new(1, "99213", [], 1, 100m, [1], Today.AddDays(-100))] };
        Assert.Empty(Ids(old));
        Assert.Equal([EditIds.TimelyFiling], Ids(old with { TimelyFilingDays = 90 }));
    }

    [Fact]
    public void Duplicates_match_patient_date_code_and_provider()
    {
        var claim = Clean();
        var index = new DuplicateIndex([claim with { ClaimId = "C0" }]);
        Assert.Equal([EditIds.Duplicate], Ids(claim, index));
        Assert.Empty(Ids(claim, new DuplicateIndex([claim])));
        Assert.Empty(Ids(claim, new DuplicateIndex([claim with { ClaimId = "C0", PatientKey = "P2" }])));
    }

    [Fact]
    public void Every_finding_names_its_location_and_source()
    {
        var messy = Clean(Line(1, "ZZZZZ", 1, 0m, "Q"), Line(2, "80053"), Line(3, "80048")) with
        {
            Diagnoses = ["J20", "XYZ"], BillingProviderNpi = "1234567890", PayerId = null, HasSubscriberId = false,
            CoverageEnd = new DateOnly(2026, 2, 1), TotalCharge = 1m,
        };
        var result = Scrubber.Scrub(messy, Today);
        Assert.True(result.HasErrors);
        Assert.All(result.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Location));
            Assert.False(string.IsNullOrWhiteSpace(f.Source));
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
        });
        Assert.Subset(new HashSet<string>(EditIds.All), new HashSet<string>(result.ErrorIds));
        Assert.Equal(
            new[] { EditIds.MissingField, EditIds.NpiInvalid, EditIds.IcdHeader, EditIds.IcdInvalid, EditIds.ProcInvalid, EditIds.ModInvalid, EditIds.NcciPtp, EditIds.ChargeMismatch, EditIds.ChargeMissing, EditIds.EligInactive }.Order(),
            result.ErrorIds.Order());
    }

    [Fact]
    public void The_verifier_moves_a_clean_claim_on_and_sends_a_failing_one_back_to_coding()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var verifier = new ClaimVerifier(Scrubber, time);

        var good = InVerification();
        var passed = verifier.Verify(good, ScrubInputs.FromClaim(good, Patient(), Payer(), Coverage(), hasSubscriberId: true));
        Assert.False(passed.HasErrors);
        Assert.Equal(ClaimState.ReadyToSubmit, good.State);
        Assert.Equal(ClaimRole.Scrubber, good.History[^1].ActorRole);

        var bad = InVerification();
        var failed = verifier.Verify(bad, ScrubInputs.FromClaim(bad, Patient(), Payer(), Coverage(), hasSubscriberId: false));
        Assert.Equal([EditIds.MissingField], failed.ErrorIds);
        Assert.Equal(ClaimState.Coding, bad.State);
        Assert.Equal("MISSING-FIELD", bad.History[^1].Reason);
    }

    [Fact]
    public void A_self_pay_claim_skips_the_payer_edits_and_nothing_else()
    {
        var selfPay = Clean() with { PayerId = null, HasSubscriberId = false, HasCoverage = false, CoverageStart = null, SelfPay = true };
        Assert.Empty(Ids(selfPay));
        // Past any payer's filing limit: there is no payer, so no limit applies.
        Assert.Empty(Ids(selfPay with { ServiceFrom = Today.AddYears(-2), ServiceTo = Today.AddYears(-2), Lines = [new ScrubLine(1, "99213", [], 1, 100m, [1], Today.AddYears(-2))] }));
        // The coding edits still apply.
        Assert.Equal([EditIds.IcdInvalid], Ids(selfPay with { Diagnoses = ["J20.99"] }));
        // Without the self-pay mark, a claim with no payer is still incomplete.
        Assert.Equal([EditIds.MissingField], Ids(selfPay with { SelfPay = false }));
    }

    [Fact]
    public void A_self_pay_claim_passes_verification_to_ready_to_submit_and_does_not_loop_back_to_coding()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var claim = new Claim(ClaimControlNumber.Parse("CSELF1"), Guid.NewGuid(), Guid.NewGuid(), null, null, Npi.FromBase(123456789), null, Dos, Dos, PlaceOfService.Office);
        claim.SetDiagnoses([Icd10Code.Parse("J20.9")]);
        claim.AddLine(ProcedureCode.Parse("99213"), [], 1, Money.Of(130m), [1]);
        var at = new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
        claim.Fire(ClaimTrigger.StartCoding, new Actor("coder-1", ClaimRole.Coder), null, at);
        claim.Fire(ClaimTrigger.CompleteCoding, new Actor("coder-1", ClaimRole.Coder), null, at);

        var result = new ClaimVerifier(Scrubber, time).Verify(claim, ScrubInputs.FromClaim(claim, Patient(), null, null, hasSubscriberId: false));

        Assert.False(result.HasErrors);
        Assert.Equal(ClaimState.ReadyToSubmit, claim.State);
        Assert.Equal(ClaimVerifier.SelfPayReason, claim.History[^1].Reason);
        Assert.DoesNotContain(claim.History, e => e.Trigger == ClaimTrigger.VerificationFailed);
    }

    private static Patient Patient() => new(Guid.NewGuid(), "PT-TEST", AdministrativeSex.Female, 1980);

    private static Payer Payer() => new("Aetna (demo)", "DEMO-60054", 120);

    private static Coverage Coverage() => new(Guid.NewGuid(), Guid.NewGuid(), SubscriberRelationship.Self, new DateOnly(2026, 1, 1), null);

    private static Claim InVerification()
    {
        var claim = new Claim(ClaimControlNumber.Parse("CTEST1"), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            Npi.FromBase(123456789), null, Dos, Dos, PlaceOfService.Office);
        claim.SetDiagnoses([Icd10Code.Parse("J20.9")]);
        claim.AddLine(ProcedureCode.Parse("99213"), [], 1, Money.Of(130m), [1]);
        var at = new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
        claim.Fire(ClaimTrigger.StartCoding, new Actor("coder-1", ClaimRole.Coder), null, at);
        claim.Fire(ClaimTrigger.CompleteCoding, new Actor("coder-1", ClaimRole.Coder), null, at);
        return claim;
    }
}

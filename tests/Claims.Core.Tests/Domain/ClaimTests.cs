using Claims.Domain;

namespace Claims.Core.Tests.Domain;

public sealed class ClaimTests
{
    [Fact]
    public void A_new_claim_is_received_as_an_original_with_its_total_the_sum_of_its_lines()
    {
        var claim = ClaimBuilder.OfficeVisit();

        Assert.Equal(ClaimState.Received, claim.State);
        Assert.Equal(ClaimFrequency.Original, claim.Frequency);
        Assert.Equal(Money.Of(225m), claim.TotalCharge);
        Assert.Equal(["J209", "R509"], claim.Diagnoses.Select(d => d.Code.Value));
        Assert.Equal([1, 2], claim.Diagnoses.Select(d => d.Sequence));
    }

    [Fact]
    public void Removing_a_line_renumbers_the_rest_and_updates_the_total()
    {
        var claim = ClaimBuilder.OfficeVisit();
        claim.AddLine(ProcedureCode.Parse("36415"), [], 1, Money.Of(12m), [1]);

        claim.RemoveLine(2);

        Assert.Equal([1, 2], claim.Lines.Select(l => l.LineNumber));
        Assert.Equal(["99213", "36415"], claim.Lines.Select(l => l.Code.Value));
        Assert.Equal(Money.Of(142m), claim.TotalCharge);
    }

    [Fact]
    public void Lines_refuse_more_than_four_modifiers_or_pointers_and_pointers_outside_one_to_twelve()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var mods = new[] { "25", "59", "RT", "XS", "LT" }.Select(Modifier.Parse).ToArray();

        Assert.Throws<DomainValidationException>(() => claim.AddLine(ProcedureCode.Parse("20610"), mods, 1, Money.Of(1m), [1]));
        Assert.Throws<DomainValidationException>(() => claim.AddLine(ProcedureCode.Parse("20610"), [], 1, Money.Of(1m), [1, 2, 3, 4, 5]));
        Assert.Throws<DomainValidationException>(() => claim.AddLine(ProcedureCode.Parse("20610"), [], 1, Money.Of(1m), [13]));
        Assert.Throws<DomainValidationException>(() => claim.AddLine(ProcedureCode.Parse("20610"), [], 0, Money.Of(1m), [1]));
        Assert.Equal(2, claim.Lines.Count);
    }

    [Fact]
    public void Reordering_diagnoses_moves_line_pointers_with_their_codes_and_removal_drops_them()
    {
        var claim = ClaimBuilder.OfficeVisit(); // J20.9, R50.9; line 1 -> [1, 2], line 2 -> [1]

        claim.SetDiagnoses([Icd10Code.Parse("R50.9"), Icd10Code.Parse("I10"), Icd10Code.Parse("J20.9")]);
        Assert.Equal([3, 1], claim.Lines[0].DiagnosisPointers);
        Assert.Equal([3], claim.Lines[1].DiagnosisPointers);

        claim.SetDiagnoses([Icd10Code.Parse("I10"), Icd10Code.Parse("R50.9")]);
        Assert.Equal([2], claim.Lines[0].DiagnosisPointers);
        Assert.Empty(claim.Lines[1].DiagnosisPointers);
    }

    [Fact]
    public void Revising_a_line_changes_its_units_charge_modifiers_and_pointers_and_the_total()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var version = claim.Version;

        claim.ReviseLine(2, [Modifier.Parse("26")], 2, Money.Of(60m), [2]);

        var line = claim.Lines[1];
        Assert.Equal(("71046", "26", 2, 60m), (line.Code.Value, line.Modifiers.Single().Value, line.Units, line.Charge.Amount));
        Assert.Equal([2], line.DiagnosisPointers);
        Assert.Equal(190m, claim.TotalCharge.Amount);
        Assert.True(claim.Version > version);
        Assert.Throws<DomainValidationException>(() => claim.ReviseLine(2, [], 0, Money.Of(60m), [1]));
        Assert.Throws<NotFoundException>(() => claim.ReviseLine(9, [], 1, Money.Of(60m), [1]));
        Assert.Equal(2, claim.Lines[1].Units);
    }

    [Fact]
    public void A_transition_reason_longer_than_the_history_keeps_is_refused_and_nothing_moves()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var at = new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

        Assert.Throws<DomainValidationException>(() => claim.Fire(ClaimTrigger.StartCoding, new Actor("c", ClaimRole.Coder), new string('x', Claim.MaxReasonLength + 1), at));

        Assert.Equal(ClaimState.Received, claim.State);
        Assert.Empty(claim.History);
        claim.Fire(ClaimTrigger.StartCoding, new Actor("c", ClaimRole.Coder), new string('x', Claim.MaxReasonLength), at);
        Assert.Equal(ClaimState.Coding, claim.State);
    }

    [Fact]
    public void A_claim_holds_at_most_twelve_distinct_diagnoses()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var thirteen = Enumerable.Range(0, 13).Select(i => Icd10Code.Parse($"A0{i % 10}.{i}")).ToList();

        Assert.Throws<DomainValidationException>(() => claim.SetDiagnoses(thirteen));
        Assert.Throws<DomainValidationException>(() => claim.SetDiagnoses([Icd10Code.Parse("I10"), Icd10Code.Parse("i10")]));
        Assert.Equal(2, claim.Diagnoses.Count);
    }

    [Fact]
    public void Codes_cannot_change_once_coding_is_complete()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var at = DateTimeOffset.UnixEpoch;
        claim.Fire(ClaimTrigger.StartCoding, new Actor("c", ClaimRole.Coder), null, at);
        claim.Fire(ClaimTrigger.CompleteCoding, new Actor("c", ClaimRole.Coder), null, at);

        Assert.Throws<ClaimNotEditableException>(() => claim.SetDiagnoses([Icd10Code.Parse("I10")]));
        Assert.Throws<ClaimNotEditableException>(() => claim.RemoveLine(1));
        Assert.Equal(2, claim.Lines.Count);
    }

    [Fact]
    public void Every_change_bumps_the_concurrency_version()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var v = claim.Version;
        claim.Fire(ClaimTrigger.StartCoding, new Actor("c", ClaimRole.Coder), null, DateTimeOffset.UnixEpoch);
        Assert.True(claim.Version > v);
    }

    [Fact]
    public void Lines_must_fall_inside_the_service_period()
    {
        var claim = ClaimBuilder.OfficeVisit();
        Assert.Throws<DomainValidationException>(() => claim.AddLine(ProcedureCode.Parse("93000"), [], 1, Money.Of(45m), [1], ClaimBuilder.ServiceDate.AddDays(1)));
    }
}

using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Kpis;
using Claims.Operations.Sla;

namespace Claims.Core.Tests.Operations;

/// <summary>The monthly report's SLA attainment, checked by hand on the default contract (24 business hours, New York 08:00-17:00 Mon-Fri, submission in 3 days).</summary>
public sealed class SlaAttainmentTests
{
    private static readonly Actor Coder = new("coder@x", ClaimRole.Coder);
    private static readonly Actor Scrubber = new("scrubber", ClaimRole.Scrubber);
    private static readonly Actor Biller = new("biller@x", ClaimRole.Biller);
    private static readonly ClientContract Contract = ClientContract.Default(Guid.NewGuid());
    private static readonly ReportMonth March = new(2026, 3);
    private static readonly ReportMonth April = new(2026, 4);

    /// <summary>New York office time in spring 2026 (EST until 8 March, EDT after).</summary>
    private static DateTimeOffset At(int month, int day, int hour) =>
        new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.FromHours(month == 3 && day < 8 ? -5 : -4)).ToUniversalTime();

    private static IReadOnlyList<SlaClock> Clocks(DateTimeOffset received, Claim claim, ReportMonth month) =>
        SlaClocks.For(received, claim.ServiceFrom, claim.History, Contract, month.End);

    [Fact]
    public void Met_clocks_count_when_they_stop_late_ones_when_they_fall_due_and_running_ones_not_yet()
    {
        // A: received Monday 2 March 09:00, coded and verified by noon (3 h of 24), submitted on the 3rd (due end of the 5th).
        var a = ClaimBuilder.OfficeVisit();
        a.Take(Coder, At(3, 2, 10), TimeSpan.FromMinutes(30));
        a.CompleteCoding(Coder, At(3, 2, 11));
        a.PassVerification(Scrubber, At(3, 2, 12));
        a.Submit(Biller, At(3, 3, 10));
        // B: received the same morning and never touched: coding fell due Wednesday 4 March 15:00, submission at the end of the 5th.
        var b = ClaimBuilder.OfficeVisit();
        // C: received 31 March 09:00 (a late encounter): 8 of its 24 coding hours used by the month's end, so undecided;
        // its submission (3 days from the 2 March visit) was already late.
        var c = ClaimBuilder.OfficeVisit();

        var clocks = Clocks(At(3, 2, 9), a, March).Concat(Clocks(At(3, 2, 9), b, March)).Concat(Clocks(At(3, 31, 9), c, March)).ToList();
        var lines = SlaAttainment.Lines(clocks, March, Contract);

        Assert.Equal(("Coding turnaround", "24 business hours from receipt", 1, 2), (lines[0].Measure, lines[0].Target, lines[0].Met, lines[0].Measured));
        Assert.Equal(("Submission", "3 days from the date of service", 1, 3), (lines[1].Measure, lines[1].Target, lines[1].Met, lines[1].Measured));
        Assert.Equal((0, 0), (lines[2].Met, lines[2].Measured));
        Assert.Equal((0, 0), (lines[3].Met, lines[3].Measured));
        Assert.Equal(At(3, 4, 15), SlaAttainment.DecidedAt(Clocks(At(3, 2, 9), b, March).Single(k => k.Kind == SlaKind.Coding)));
    }

    [Fact]
    public void A_claim_coded_late_in_april_counts_against_march_when_it_went_late_and_not_again_in_april()
    {
        var b = ClaimBuilder.OfficeVisit();
        b.Take(Coder, At(4, 2, 10), TimeSpan.FromMinutes(30));
        b.CompleteCoding(Coder, At(4, 2, 11));
        b.PassVerification(Scrubber, At(4, 2, 12));

        var asOfApril = Clocks(At(3, 2, 9), b, April);

        Assert.Equal((0, 0), (SlaAttainment.Lines(asOfApril, April, Contract)[0].Met, SlaAttainment.Lines(asOfApril, April, Contract)[0].Measured));
        Assert.Equal((0, 1), (SlaAttainment.Lines(asOfApril, March, Contract)[0].Met, SlaAttainment.Lines(asOfApril, March, Contract)[0].Measured));
    }

    [Fact]
    public void A_contract_with_a_48_hour_coding_target_names_it_and_meets_a_claim_coded_in_40_business_hours()
    {
        var contract = new ClientContract(Guid.NewGuid(), ClientContract.DefaultTerms with { CodingTurnaroundHours = 48 }, "test", DateTimeOffset.UnixEpoch);
        var claim = ClaimBuilder.OfficeVisit();
        claim.Take(Coder, At(3, 2, 10), TimeSpan.FromMinutes(30));
        claim.CompleteCoding(Coder, At(3, 6, 13));
        claim.PassVerification(Scrubber, At(3, 6, 13)); // Mon 09:00-17:00, Tue-Thu 9 h each, Fri 08:00-13:00: 40 h of 48

        var coding = SlaClocks.For(At(3, 2, 9), claim.ServiceFrom, claim.History, contract, March.End).Single(k => k.Kind == SlaKind.Coding);
        var line = SlaAttainment.Lines([coding], March, contract)[0];

        Assert.Equal(TimeSpan.FromHours(8 + (3 * 9) + 5), coding.Used);
        Assert.Equal(("48 business hours from receipt", 1, 1), (line.Target, line.Met, line.Measured));
    }
}

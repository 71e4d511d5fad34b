using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Sla;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Core.Tests.Operations;

public sealed class SlaClockTests
{
    private static readonly Actor Coder = new("coder@x", ClaimRole.Coder);
    private static readonly Actor Clinic = new("clinic@x", ClaimRole.Clinic);

    /// <summary>New York office time on a March 2026 day (EST, UTC-5, before the DST change on the 8th).</summary>
    private static DateTimeOffset At(int day, int hour) => new DateTimeOffset(2026, 3, day, hour, 0, 0, TimeSpan.FromHours(day >= 8 ? -4 : -5)).ToUniversalTime();

    private static ClientContract Contract(params DateOnly[] holidays) => new(Guid.NewGuid(),
        ClientContract.DefaultTerms with { Holidays = holidays }, "test", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_claim_on_hold_for_exactly_two_business_days_has_its_coding_clock_paused_for_exactly_that_time()
    {
        var time = new FakeTimeProvider(At(2, 9)); // Monday 09:00 New York: received
        var received = time.GetUtcNow();
        var claim = ClaimBuilder.OfficeVisit();
        time.SetUtcNow(At(2, 10));
        claim.Take(Coder, time.GetUtcNow(), TimeSpan.FromMinutes(30));
        time.SetUtcNow(At(2, 11));
        claim.QueryProvider(Coder, "query to clinic", time.GetUtcNow());
        time.SetUtcNow(At(4, 11)); // Wednesday 11:00: two business days (2 x 9 h) later
        claim.ProviderAnswered(Clinic, time.GetUtcNow());
        time.SetUtcNow(At(5, 12)); // Thursday noon

        var coding = SlaClocks.For(received, claim.ServiceFrom, claim.History, Contract(), time.GetUtcNow()).Single(c => c.Kind == SlaKind.Coding);

        Assert.Equal(TimeSpan.FromHours(18), coding.Paused);
        Assert.Equal(TimeSpan.FromHours(2 + 6 + 4), coding.Used); // Mon 9-11, Wed 11-17, Thu 8-12
        Assert.False(coding.IsPaused);
        Assert.True(coding.IsRunning);
        // 24 business hours from Monday 09:00 would end Wednesday 15:00; the 18 paused hours move it to Friday 15:00.
        Assert.Equal(At(6, 15), coding.DueAt);
        Assert.Equal(SlaStatus.OnTime, coding.Status);
    }

    [Fact]
    public void While_the_claim_waits_on_the_clinic_the_clock_shows_paused_and_does_not_breach()
    {
        var claim = ClaimBuilder.OfficeVisit();
        claim.Take(Coder, At(2, 10), TimeSpan.FromMinutes(30));
        claim.QueryProvider(Coder, "query to clinic", At(2, 11));

        var coding = SlaClocks.For(At(2, 9), claim.ServiceFrom, claim.History, Contract(), At(20, 12)).Single(c => c.Kind == SlaKind.Coding);

        Assert.True(coding.IsPaused);
        Assert.Equal(TimeSpan.FromHours(2), coding.Used);
        Assert.Equal(SlaStatus.OnTime, coding.Status);
    }

    [Fact]
    public void Weekends_and_holidays_do_not_count_and_a_late_claim_is_breached_with_its_cause()
    {
        var claim = ClaimBuilder.OfficeVisit();
        // Received Friday 16:00 (EST); Monday the 9th is a holiday; nobody has taken it by Thursday afternoon (EDT by then).
        var contract = Contract(new DateOnly(2026, 3, 9));
        var atRisk = SlaClocks.For(At(6, 16), claim.ServiceFrom, claim.History, contract, At(11, 8)).Single(c => c.Kind == SlaKind.Coding);
        Assert.Equal(TimeSpan.FromHours(1 + 9), atRisk.Used); // Fri 16-17, Tue 8-17
        Assert.Equal(SlaStatus.OnTime, atRisk.Status);

        var late = SlaClocks.For(At(6, 16), claim.ServiceFrom, claim.History, contract, At(12, 14)).Single(c => c.Kind == SlaKind.Coding);
        Assert.Equal(SlaStatus.Breached, late.Status);
        Assert.Contains("waiting in the coding queue", late.Cause, StringComparison.Ordinal);
        Assert.Equal(At(12, 13), late.DueAt); // Fri 1 h + Tue 9 h + Wed 9 h + Thu 5 h
    }

    [Fact]
    public void A_clock_with_less_than_a_quarter_left_is_at_risk_and_a_stopped_clock_within_target_is_met()
    {
        var claim = ClaimBuilder.OfficeVisit();
        var contract = Contract();
        var risky = SlaClocks.For(At(2, 8), claim.ServiceFrom, claim.History, contract, At(4, 12)).Single(c => c.Kind == SlaKind.Coding);
        Assert.Equal(TimeSpan.FromHours(9 + 9 + 4), risky.Used);
        Assert.Equal(SlaStatus.AtRisk, risky.Status);

        claim.Take(Coder, At(4, 12), TimeSpan.FromMinutes(30));
        claim.CompleteCoding(Coder, At(4, 13));
        claim.PassVerification(Actor.System(ClaimRole.Scrubber), At(4, 13));
        var met = SlaClocks.For(At(2, 8), claim.ServiceFrom, claim.History, contract, At(20, 12)).Single(c => c.Kind == SlaKind.Coding);
        Assert.False(met.IsRunning);
        Assert.Equal(SlaStatus.OnTime, met.Status);
        Assert.Equal(SlaKind.Submission, SlaClocks.Current(SlaClocks.For(At(2, 8), claim.ServiceFrom, claim.History, contract, At(4, 14)), claim.State)!.Kind);
    }
}

using Claims.Domain;

namespace Claims.Core.Tests;

/// <summary>Builds claims for domain tests: a coded office visit, optionally walked to a given state.</summary>
internal static class ClaimBuilder
{
    public static readonly DateOnly ServiceDate = new(2026, 3, 2);

    public static Claim OfficeVisit()
    {
        var claim = new Claim(
            ClaimControlNumber.Parse("C26061TEST0001"), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            Npi.Parse("1234567893"), Npi.Parse("1245319599"), ServiceDate, ServiceDate, PlaceOfService.Office);
        claim.SetDiagnoses([Icd10Code.Parse("J20.9"), Icd10Code.Parse("R50.9")]);
        claim.AddLine(ProcedureCode.Parse("99213"), [], 1, Money.Of(130m), [1, 2]);
        claim.AddLine(ProcedureCode.Parse("71046"), [], 1, Money.Of(95m), [1]);
        return claim;
    }

    public static Claim InState(ClaimState state, IReadOnlyDictionary<ClaimState, (ClaimTrigger Trigger, ClaimRole Role)[]> paths)
    {
        var claim = OfficeVisit();
        var at = new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);
        foreach (var (trigger, role) in paths[state])
        {
            at = at.AddHours(1);
            claim.Fire(trigger, new Actor("builder", role), "set-up", at);
        }
        Assert.Equal(state, claim.State);
        return claim;
    }
}

using BenchmarkDotNet.Attributes;
using Claims.Domain;

namespace Claims.Benchmarks;

/// <summary>Cost of the claim aggregate and its Stateless machine: building a claim and walking it to Paid.</summary>
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private static readonly Npi Billing = Npi.Parse("1234567893");
    private static readonly Icd10Code[] Diagnoses = [Icd10Code.Parse("J20.9")];
    private static readonly ProcedureCode Visit = ProcedureCode.Parse("99213");
    private static readonly (ClaimTrigger, ClaimRole)[] ToPaid =
    [
        (ClaimTrigger.StartCoding, ClaimRole.Coder), (ClaimTrigger.CompleteCoding, ClaimRole.Coder),
        (ClaimTrigger.VerificationPassed, ClaimRole.Scrubber), (ClaimTrigger.Submit, ClaimRole.Biller),
        (ClaimTrigger.Accept, ClaimRole.Payer), (ClaimTrigger.Pay, ClaimRole.Payer),
    ];

    private int _n;

    [Benchmark]
    public Claim CreateCodedClaim() => NewClaim();

    [Benchmark]
    public Claim CreateAndWalkToPaid()
    {
        var claim = NewClaim();
        foreach (var (trigger, role) in ToPaid) claim.Fire(trigger, new Actor("bench", role), null, DateTimeOffset.UnixEpoch);
        return claim;
    }

    [Benchmark]
    public IReadOnlyList<ClaimTrigger> PermittedTriggers() => NewClaim().PermittedTriggers(ClaimRole.Coder);

    private Claim NewClaim()
    {
        var claim = new Claim(ClaimControlNumber.New(Day, max => _n++ % max), Guid.Empty, Guid.Empty, null, null, Billing, null, Day, Day, PlaceOfService.Office);
        claim.SetDiagnoses(Diagnoses);
        claim.AddLine(Visit, [], 1, Money.Of(130m), [1]);
        return claim;
    }
}

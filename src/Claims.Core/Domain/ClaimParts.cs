namespace Claims.Domain;

/// <summary>A diagnosis on a claim, in order: sequence 1 is the principal diagnosis, the target of pointer 1.</summary>
public sealed class ClaimDiagnosis
{
    private ClaimDiagnosis() { } // EF Core

    internal ClaimDiagnosis(int sequence, Icd10Code code)
    {
        Sequence = sequence;
        Code = code;
    }

    public int Sequence { get; private set; }

    public Icd10Code Code { get; private set; } = null!;
}

/// <summary>A service line (2400 loop): one procedure with its modifiers, units, charge and diagnosis pointers.</summary>
public sealed class ServiceLine
{
    /// <summary>SV107 holds at most four diagnosis pointers; a line carries at most four modifiers (SV101-3..6).</summary>
    public const int MaxPointers = 4;

    public const int MaxModifiers = 4;

    private ServiceLine() { } // EF Core

    internal ServiceLine(int lineNumber, ProcedureCode code, IEnumerable<Modifier> modifiers, int units, Money charge, IEnumerable<int> diagnosisPointers, DateOnly serviceDate)
    {
        LineNumber = lineNumber;
        Code = code;
        ServiceDate = serviceDate;
        Revise(modifiers, units, charge, diagnosisPointers);
    }

    public int LineNumber { get; private set; }

    public ProcedureCode Code { get; private set; } = null!;

    public IReadOnlyList<Modifier> Modifiers { get; private set; } = [];

    public int Units { get; private set; }

    public Money Charge { get; private set; }

    /// <summary>1-based positions in the claim's diagnosis list.</summary>
    public IReadOnlyList<int> DiagnosisPointers { get; private set; } = [];

    public DateOnly ServiceDate { get; private set; }

    internal void Renumber(int lineNumber) => LineNumber = lineNumber;

    /// <summary>A coder's correction of the line's modifiers, units, charge and pointers (the code stays: a new code is a new line).</summary>
    internal void Revise(IEnumerable<Modifier> modifiers, int units, Money charge, IEnumerable<int> diagnosisPointers)
    {
        var mods = modifiers.ToArray();
        var pointers = diagnosisPointers.ToArray();
        if (mods.Length > MaxModifiers) throw new DomainValidationException($"A line carries at most {MaxModifiers} modifiers (got {mods.Length}).");
        if (pointers.Length > MaxPointers) throw new DomainValidationException($"A line carries at most {MaxPointers} diagnosis pointers (got {pointers.Length}).");
        if (pointers.Any(p => p is < 1 or > Claim.MaxDiagnoses)) throw new DomainValidationException($"A diagnosis pointer is between 1 and {Claim.MaxDiagnoses}.");
        if (units is < 1 or > 9999) throw new DomainValidationException("Units are between 1 and 9999.");
        Modifiers = mods;
        Units = units;
        Charge = charge;
        DiagnosisPointers = pointers;
    }

    /// <summary>Pointers after the diagnoses were reordered or removed (already checked by the claim).</summary>
    internal void Repoint(int[] pointers) => DiagnosisPointers = pointers;
}

/// <summary>One transition in a claim's history: from, to, trigger, who, why, when. Never updated.</summary>
public sealed class ClaimEvent
{
    private ClaimEvent() { } // EF Core

    internal ClaimEvent(Guid claimId, ClaimState from, ClaimState to, ClaimTrigger trigger, Actor actor, string? reason, DateTimeOffset at)
    {
        ClaimId = claimId;
        From = from;
        To = to;
        Trigger = trigger;
        ActorId = actor.Id;
        ActorRole = actor.Role;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public ClaimState From { get; private set; }

    public ClaimState To { get; private set; }

    public ClaimTrigger Trigger { get; private set; }

    public string ActorId { get; private set; } = "";

    public ClaimRole ActorRole { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}

using System.Collections.Frozen;
using Stateless;

namespace Claims.Domain;

/// <summary>
/// A professional claim for one encounter: who, for whom, to whom, what was done (lines) and why (diagnoses),
/// and where it is in the workflow. The Stateless machine lives inside; nobody sets <see cref="State"/> by hand.
/// </summary>
public sealed class Claim
{
    /// <summary>The 837P allows at most 12 diagnosis codes on a claim (HI segments).</summary>
    public const int MaxDiagnoses = 12;

    /// <summary>The timely filing limit assumed until the payer's is known (Medicare's 12 months).</summary>
    public const int DefaultFilingDays = 365;

    /// <summary>The longest reason a transition keeps (the history column holds 2,000 characters).</summary>
    public const int MaxReasonLength = 2000;

    private readonly List<ClaimDiagnosis> _diagnoses = [];
    private readonly List<ServiceLine> _lines = [];
    private readonly List<ClaimEvent> _history = [];
    private StateMachine<ClaimState, ClaimTrigger>? _machine;
    private FrozenDictionary<ClaimTrigger, StateMachine<ClaimState, ClaimTrigger>.TriggerWithParameters<TransitionRequest>>? _triggers;

    private Claim() { } // EF Core

    public Claim(
        ClaimControlNumber controlNumber,
        Guid clinicId,
        Guid patientId,
        Guid? coverageId,
        Guid? payerId,
        Npi billingProviderNpi,
        Npi? renderingProviderNpi,
        DateOnly serviceFrom,
        DateOnly serviceTo,
        PlaceOfService placeOfService)
    {
        if (serviceTo < serviceFrom) throw new DomainValidationException("A claim's service period cannot end before it starts.");
        Id = Guid.CreateVersion7();
        ControlNumber = controlNumber;
        ClinicId = clinicId;
        PatientId = patientId;
        CoverageId = coverageId;
        PayerId = payerId;
        BillingProviderNpi = billingProviderNpi;
        RenderingProviderNpi = renderingProviderNpi;
        ServiceFrom = serviceFrom;
        ServiceTo = serviceTo;
        PlaceOfService = placeOfService;
        Frequency = ClaimFrequency.Original;
        State = ClaimState.Received;
        // Until intake sets the payer's own deadline: Medicare's 12 months, the usual default.
        FilingDeadline = serviceFrom.AddDays(DefaultFilingDays);
    }

    public Guid Id { get; private set; }

    public ClaimControlNumber ControlNumber { get; private set; } = null!;

    public Guid ClinicId { get; private set; }

    public Guid PatientId { get; private set; }

    /// <summary>The coverage billed; null for self-pay.</summary>
    public Guid? CoverageId { get; private set; }

    /// <summary>The payer billed; null for self-pay.</summary>
    public Guid? PayerId { get; private set; }

    public Npi BillingProviderNpi { get; private set; } = null!;

    public Npi? RenderingProviderNpi { get; private set; }

    public DateOnly ServiceFrom { get; private set; }

    public DateOnly ServiceTo { get; private set; }

    public PlaceOfService PlaceOfService { get; private set; } = null!;

    public ClaimFrequency Frequency { get; private set; }

    /// <summary>The claim this one replaces or voids, when it was issued as a separate claim.</summary>
    public Guid? OriginalClaimId { get; private set; }

    /// <summary>When the claim went on to the secondary payer: the primary payer it was first billed to.</summary>
    public Guid? PrimaryPayerId { get; private set; }

    /// <summary>When the claim went on to the secondary payer: the primary coverage (2330A's subscriber).</summary>
    public Guid? PrimaryCoverageId { get; private set; }

    /// <summary>When the claim went on to the secondary payer: the primary's posted adjudication its 2320/2430 repeat.</summary>
    public Guid? PrimaryPostingId { get; private set; }

    /// <summary>The payer's own number for this claim (835 CLP07), needed for replacements and voids (REF*F8).</summary>
    public string? PayerClaimNumber { get; private set; }

    public ClaimState State { get; private set; }

    /// <summary>
    /// The last day the payer accepts the claim: date of service + the payer's timely filing limit (a self-pay claim
    /// counts the default 365 days, which orders the queue; no payer refuses it). Set at intake.
    /// </summary>
    public DateOnly FilingDeadline { get; private set; }

    /// <summary>
    /// The claim was already past its payer's filing limit when it arrived: it waits, Received and out of the coders'
    /// queue, for a biller to write it off (CO-29) or release it to coding with proof of timely filing.
    /// </summary>
    public bool PastFilingLimit { get; private set; }

    /// <summary>
    /// Sets the filing deadline and, when <paramref name="today"/> is already past it and the claim has a payer, holds the
    /// claim for a biller's decision. Only while Received: a claim in work keeps its course.
    /// </summary>
    public void SetFilingDeadline(DateOnly deadline, DateOnly today)
    {
        if (State != ClaimState.Received) throw new ClaimNotEditableException(Id, State);
        FilingDeadline = deadline;
        PastFilingLimit = PayerId is not null && today > deadline;
        Changed();
    }

    /// <summary>
    /// A biller releases a past-limit claim to coding (the reason, kept in the audit trail, is the proof of timely
    /// filing: a payer's acknowledgement of an earlier submission, a retro-eligibility letter ...).
    /// </summary>
    public void ReleaseFromFilingHold(Actor biller)
    {
        ArgumentNullException.ThrowIfNull(biller);
        if (biller.Role != ClaimRole.Biller) throw new TriggerForbiddenException(Id, State, ClaimTrigger.StartCoding, biller.Role);
        if (!PastFilingLimit || State != ClaimState.Received) throw new DomainValidationException($"Claim {Id} is not waiting in the past-filing-limit list.");
        PastFilingLimit = false;
        Changed();
    }

    /// <summary>The coder holding the claim's lease while it is coded (null when free).</summary>
    public string? AssignedTo { get; private set; }

    /// <summary>When the lease lapses; an abandoned claim goes back to the queue by itself.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    /// <summary>Whether someone other than <paramref name="actorId"/> holds a live lease at <paramref name="now"/>.</summary>
    public bool IsLeasedToOther(string actorId, DateTimeOffset now) => AssignedTo is not null && AssignedTo != actorId && LeaseExpiresAt > now;

    /// <summary>
    /// A coder takes the claim: a lease until <paramref name="now"/> + <paramref name="lease"/>, and coding starts if it had
    /// not. Refused while another coder's lease is live. Saving goes through the version check, so two coders racing
    /// for one claim cannot both win.
    /// </summary>
    public void Take(Actor coder, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(coder);
        if (coder.Role != ClaimRole.Coder) throw new TriggerForbiddenException(Id, State, ClaimTrigger.StartCoding, coder.Role);
        if (IsLeasedToOther(coder.Id, now)) throw new ClaimLeasedException(Id);
        if (PastFilingLimit) throw new ClaimNotEditableException(Id, State, "The claim is past its payer's filing limit: a biller writes it off or releases it to coding first.");
        if (State == ClaimState.Received) Fire(ClaimTrigger.StartCoding, coder, null, now);
        else if (State != ClaimState.Coding) throw new InvalidTransitionException(Id, State, ClaimTrigger.StartCoding);
        AssignedTo = coder.Id;
        LeaseExpiresAt = now + lease;
        Changed();
    }

    /// <summary>Optimistic concurrency token: bumped by every change, checked by every update.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Sum of the lines' charges (CLM02), kept in step by every line change.</summary>
    public Money TotalCharge { get; private set; }

    public IReadOnlyList<ClaimDiagnosis> Diagnoses => _diagnoses;

    public IReadOnlyList<ServiceLine> Lines => _lines;

    /// <summary>The transitions so far, oldest first (loaded on demand).</summary>
    public IReadOnlyList<ClaimEvent> History => _history;

    public bool IsEditable => State is ClaimState.Received or ClaimState.Coding;

    /// <summary>Replaces the ordered diagnoses; the first is the principal diagnosis (HI*ABK).</summary>
    public void SetDiagnoses(IEnumerable<Icd10Code> codes)
    {
        EnsureEditable();
        var list = codes.ToList();
        if (list.Count > MaxDiagnoses) throw new DomainValidationException($"A claim holds at most {MaxDiagnoses} diagnoses (got {list.Count}).");
        var duplicate = list.GroupBy(c => c.Value).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DomainValidationException($"Diagnosis {duplicate.First().Display} is listed twice.");
        // Lines point at diagnoses by position: a pointer follows its code to the new position, and a pointer to a
        // removed code goes. Pointers that named no diagnosis stay for the scrubber to report (DX-POINTER).
        var oldCodes = _diagnoses.ToDictionary(d => d.Sequence, d => d.Code.Value);
        var newPositions = list.Select((code, i) => (code.Value, Position: i + 1)).ToDictionary(x => x.Value, x => x.Position);
        foreach (var line in _lines)
        {
            var pointers = line.DiagnosisPointers
                .Select(p => oldCodes.TryGetValue(p, out var code) ? newPositions.GetValueOrDefault(code) : p)
                .Where(p => p > 0)
                .ToArray();
            if (!pointers.SequenceEqual(line.DiagnosisPointers)) line.Repoint(pointers);
        }
        _diagnoses.Clear();
        _diagnoses.AddRange(list.Select((code, i) => new ClaimDiagnosis(i + 1, code)));
        Changed();
    }

    /// <summary>Corrects a line's modifiers, units, charge and diagnosis pointers.</summary>
    public void ReviseLine(int lineNumber, IEnumerable<Modifier> modifiers, int units, Money charge, IEnumerable<int> diagnosisPointers)
    {
        EnsureEditable();
        var line = _lines.Find(l => l.LineNumber == lineNumber) ?? throw new NotFoundException($"Claim {Id} has no line {lineNumber}.");
        line.Revise(modifiers, units, charge, diagnosisPointers);
        Changed();
    }

    /// <summary>Appends a service line and returns it.</summary>
    public ServiceLine AddLine(ProcedureCode code, IEnumerable<Modifier> modifiers, int units, Money charge, IEnumerable<int> diagnosisPointers, DateOnly? serviceDate = null)
    {
        EnsureEditable();
        var date = serviceDate ?? ServiceFrom;
        if (date < ServiceFrom || date > ServiceTo) throw new DomainValidationException($"Line date {date:yyyy-MM-dd} is outside the claim's service period.");
        var line = new ServiceLine(_lines.Count + 1, code, modifiers, units, charge, diagnosisPointers, date);
        _lines.Add(line);
        Changed();
        return line;
    }

    /// <summary>Removes a line and renumbers the rest.</summary>
    public void RemoveLine(int lineNumber)
    {
        EnsureEditable();
        var index = _lines.FindIndex(l => l.LineNumber == lineNumber);
        if (index < 0) throw new NotFoundException($"Claim {Id} has no line {lineNumber}.");
        _lines.RemoveAt(index);
        for (var i = index; i < _lines.Count; i++) _lines[i].Renumber(i + 1);
        Changed();
    }

    /// <summary>
    /// Re-applies the clinic's corrected source data (a changed FHIR bundle for the same encounter) and clears the
    /// diagnoses and lines for the caller to set again. Only while the claim is Received: once a coder has it,
    /// the source may no longer overwrite their work.
    /// </summary>
    public void ReplaceSourceData(Guid? coverageId, Guid? payerId, Npi? renderingProviderNpi, DateOnly serviceFrom, DateOnly serviceTo, PlaceOfService placeOfService)
    {
        if (State != ClaimState.Received) throw new ClaimNotEditableException(Id, State);
        if (serviceTo < serviceFrom) throw new DomainValidationException("A claim's service period cannot end before it starts.");
        CoverageId = coverageId;
        PayerId = payerId;
        RenderingProviderNpi = renderingProviderNpi;
        ServiceFrom = serviceFrom;
        ServiceTo = serviceTo;
        PlaceOfService = placeOfService;
        _diagnoses.Clear();
        _lines.Clear();
        Changed();
    }

    /// <summary>Records the payer's claim number from a remittance or acknowledgement.</summary>
    public void SetPayerClaimNumber(string number)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 50) throw new DomainValidationException("A payer claim number has 1 to 50 characters.");
        PayerClaimNumber = number.Trim();
        Changed();
    }

    /// <summary>Whether <paramref name="role"/> may fire <paramref name="trigger"/> now (answered from the table the machine is built from, without building it).</summary>
    public bool CanFire(ClaimTrigger trigger, ClaimRole role) => ClaimWorkflow.Find(State, trigger)?.Role == role;

    /// <summary>The triggers <paramref name="role"/> may fire now, for the UI's buttons.</summary>
    public IReadOnlyList<ClaimTrigger> PermittedTriggers(ClaimRole role) => ClaimWorkflow.Permitted(State, role);

    /// <summary>Whether a coder may start coding (Received) or keep coding (Coding) this claim.</summary>
    public bool CanCode => State is ClaimState.Received or ClaimState.Coding;

    /// <summary>Whether a coder may declare coding complete now.</summary>
    public bool CanCompleteCoding => CanFire(ClaimTrigger.CompleteCoding, ClaimRole.Coder);

    /// <summary>Whether a biller may submit the claim now.</summary>
    public bool CanSubmit => CanFire(ClaimTrigger.Submit, ClaimRole.Biller);

    /// <summary>Whether a biller may send the claim back to coding as a correction now.</summary>
    public bool CanCorrect => CanFire(ClaimTrigger.Correct, ClaimRole.Biller);

    /// <summary>Whether a biller may appeal the payer's decision now.</summary>
    public bool CanAppeal => CanFire(ClaimTrigger.Appeal, ClaimRole.Biller);

    /// <summary>Whether a biller may void the claim now.</summary>
    public bool CanVoid => CanFire(ClaimTrigger.Void, ClaimRole.Biller);

    /// <summary>Whether a biller may close the claim now.</summary>
    public bool CanClose => CanFire(ClaimTrigger.Close, ClaimRole.Biller);

    /// <summary>A claim with no payer (no coverage, or self-pay coverage): coded and verified like any other, then billed to the patient.</summary>
    public bool IsSelfPay => PayerId is null;

    /// <summary>Whether a biller may move the claim to patient billing now (the use case adds the self-pay/denial rule).</summary>
    public bool CanBillPatient => CanFire(ClaimTrigger.BillPatient, ClaimRole.Biller);

    /// <summary>The coder gives the claim back to the queue; the lease ends.</summary>
    public void Release(Actor coder, DateTimeOffset at) => Fire(ClaimTrigger.Release, coder, null, at);

    /// <summary>The coder asks the clinic; the claim waits On hold. The reason is fixed and PHI-free: the words live in the encrypted question.</summary>
    public void QueryProvider(Actor coder, string reason, DateTimeOffset at) => Fire(ClaimTrigger.QueryProvider, coder, reason, at);

    /// <summary>The clinic answered; the claim goes back to coding.</summary>
    public void ProviderAnswered(Actor clinic, DateTimeOffset at) => Fire(ClaimTrigger.ProviderAnswered, clinic, null, at);

    /// <summary>The coder declares the codes complete; verification follows at once (see the workbench use case).</summary>
    public void CompleteCoding(Actor coder, DateTimeOffset at) => Fire(ClaimTrigger.CompleteCoding, coder, null, at);

    /// <summary>The scrubber found no error (a self-pay claim says so in the reason: it goes on a patient statement).</summary>
    public void PassVerification(Actor scrubber, DateTimeOffset at, string? reason = null) => Fire(ClaimTrigger.VerificationPassed, scrubber, reason, at);

    /// <summary>The scrubber found errors (their ids are the reason); back to coding.</summary>
    public void FailVerification(Actor scrubber, string errorIds, DateTimeOffset at) => Fire(ClaimTrigger.VerificationFailed, scrubber, errorIds, at);

    /// <summary>The biller sends the claim to the payer.</summary>
    public void Submit(Actor biller, DateTimeOffset at) => Fire(ClaimTrigger.Submit, biller, null, at);

    /// <summary>The payer (or clearinghouse) accepted the claim into adjudication.</summary>
    public void Accept(Actor payer, DateTimeOffset at) => Fire(ClaimTrigger.Accept, payer, null, at);

    /// <summary>The payer (or clearinghouse) rejected the claim before adjudication.</summary>
    public void Reject(Actor payer, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.Reject, payer, reason, at);

    /// <summary>The payer paid the claim in full.</summary>
    public void Pay(Actor payer, DateTimeOffset at) => Fire(ClaimTrigger.Pay, payer, null, at);

    /// <summary>The payer paid part of the claim.</summary>
    public void PayPartially(Actor payer, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.PayPartially, payer, reason, at);

    /// <summary>The payer denied the claim.</summary>
    public void Deny(Actor payer, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.Deny, payer, reason, at);

    /// <summary>The payer reversed its earlier payment or denial (835 CLP02 = 22); the claim waits for the corrected one as Accepted.</summary>
    public void Reverse(Actor payer, string reason, DateTimeOffset at) => Fire(ClaimTrigger.Reverse, payer, reason, at);

    /// <summary>The biller sends the claim back to coding, to go out again as a replacement (frequency 7).</summary>
    public void Correct(Actor biller, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.Correct, biller, reason, at);

    /// <summary>The biller appeals the payer's decision.</summary>
    public void Appeal(Actor biller, string reason, DateTimeOffset at) => Fire(ClaimTrigger.Appeal, biller, reason, at);

    /// <summary>The biller records that the payer upheld its denial on appeal; the claim is Denied again.</summary>
    public void AppealUpheld(Actor biller, string reason, DateTimeOffset at) => Fire(ClaimTrigger.AppealUpheld, biller, reason, at);

    /// <summary>The biller closes the claim; with a balance the reason is the write-off's.</summary>
    public void Close(Actor biller, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.Close, biller, reason, at);

    /// <summary>
    /// The biller sends the claim on to the patient's secondary coverage once the primary has adjudicated it: the
    /// claim keeps its control number and lines, now names the secondary payer and coverage, remembers the primary
    /// and the posting whose payment and adjustments the 837P repeats (2320/2430), and is ready to submit again.
    /// </summary>
    public void BillSecondary(Coverage secondary, Guid primaryPostingId, Actor biller, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(secondary);
        if (PrimaryPayerId is not null) throw new DomainValidationException("The claim has already gone to a secondary payer.");
        if (secondary.PatientId != PatientId) throw new DomainValidationException("The coverage is not the claim's patient's.");
        if (secondary.Order < 2) throw new DomainValidationException("A secondary claim needs a coverage of order 2 or 3.");
        if (secondary.PayerId == PayerId) throw new DomainValidationException("The secondary coverage is with the same payer as the primary.");
        if (CoverageId is null || PayerId is null) throw new DomainValidationException("A self-pay claim has no primary payer to coordinate with.");
        var (payer, coverage) = (PayerId, CoverageId);
        Fire(ClaimTrigger.BillSecondary, biller, null, at);
        PrimaryPayerId = payer;
        PrimaryCoverageId = coverage;
        PrimaryPostingId = primaryPostingId;
        PayerId = secondary.PayerId;
        CoverageId = secondary.Id;
        // A new claim for the secondary: an original, with no payer claim number of its own yet.
        Frequency = ClaimFrequency.Original;
        PayerClaimNumber = null;
    }
    /// <summary>The biller bills the patient: the open amount becomes the patient's (see Statements/PatientBilling for the ledger rows).</summary>
    public void BillPatient(Actor biller, string? reason, DateTimeOffset at) => Fire(ClaimTrigger.BillPatient, biller, reason, at);

    /// <summary>The biller voids the claim (frequency 8).</summary>
    public void Void(Actor biller, string reason, DateTimeOffset at) => Fire(ClaimTrigger.Void, biller, reason, at);

    /// <summary>
    /// Fires a workflow trigger. Refuses, without changing anything, a trigger the state does not permit,
    /// a role that may not fire it, or a missing reason; otherwise moves the state and records the history row.
    /// Internal: the edges call the verbs above through the use cases.
    /// </summary>
    internal void Fire(ClaimTrigger trigger, Actor actor, string? reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var transition = ClaimWorkflow.Find(State, trigger) ?? throw new InvalidTransitionException(Id, State, trigger);
        if (transition.Role != actor.Role) throw new TriggerForbiddenException(Id, State, trigger, actor.Role);
        if (transition.NeedsReason && string.IsNullOrWhiteSpace(reason)) throw new ReasonRequiredException(State, trigger);
        if (reason is { Length: > MaxReasonLength }) throw new DomainValidationException($"A reason has at most {MaxReasonLength} characters (got {reason.Length}).");
        Machine.Fire(_triggers![trigger], new TransitionRequest(actor, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), at));
    }

    private StateMachine<ClaimState, ClaimTrigger> Machine
    {
        get
        {
            if (_machine is not null) return _machine;
            var (machine, triggers) = ClaimWorkflow.Build(() => State, s => State = s);
            machine.OnUnhandledTrigger((state, trigger) => throw new InvalidTransitionException(Id, state, trigger));
            machine.OnTransitioned(OnTransitioned);
            _triggers = triggers;
            return _machine = machine;
        }
    }

    private void OnTransitioned(StateMachine<ClaimState, ClaimTrigger>.Transition transition)
    {
        var request = (TransitionRequest)transition.Parameters[0];
        if (transition.Trigger == ClaimTrigger.Correct) Frequency = ClaimFrequency.Replacement;
        if (transition.Trigger == ClaimTrigger.Void) Frequency = ClaimFrequency.Void;
        _history.Add(new ClaimEvent(Id, transition.Source, transition.Destination, transition.Trigger, request.Actor, request.Reason, request.At));
        if (transition.Destination != ClaimState.Coding)
        {
            // Leaving Coding (released, queried, completed) ends the lease.
            AssignedTo = null;
            LeaseExpiresAt = null;
        }
        Changed();
    }

    private void EnsureEditable()
    {
        if (!IsEditable) throw new ClaimNotEditableException(Id, State);
    }

    private void Changed()
    {
        TotalCharge = Money.Sum(_lines.Select(l => l.Charge));
        Version++;
    }
}

using System.Collections.Frozen;
using Stateless;
using Stateless.Graph;

namespace Claims.Domain;

/// <summary>
/// The claim workflow of DESIGN.md as data, and the Stateless machine configured from it. The table is the
/// single place where states, triggers and roles meet; the machine, the guards, the permitted-trigger lists
/// and the generated diagrams all come from it.
/// </summary>
public static class ClaimWorkflow
{
    private static readonly ClaimState[] PaymentSources = [ClaimState.Submitted, ClaimState.Accepted, ClaimState.Appealed];
    private static readonly ClaimState[] Correctable = [ClaimState.Rejected, ClaimState.Denied, ClaimState.PartiallyPaid];
    private static readonly ClaimState[] Appealable = [ClaimState.Denied, ClaimState.PartiallyPaid];
    private static readonly ClaimState[] Closable = [ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied];
    private static readonly ClaimState[] Adjudicated = [ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied];
    private static readonly ClaimState[] PatientBillable = [ClaimState.ReadyToSubmit, ClaimState.Denied, ClaimState.PartiallyPaid];
    private static readonly ClaimState[] Voidable = [ClaimState.Submitted, ClaimState.Accepted, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied];

    /// <summary>Every permitted (state, trigger) pair.</summary>
    public static IReadOnlyList<WorkflowTransition> Transitions { get; } =
    [
        new(ClaimState.Received, ClaimTrigger.StartCoding, ClaimState.Coding, ClaimRole.Coder),
        new(ClaimState.Coding, ClaimTrigger.Release, ClaimState.Received, ClaimRole.Coder),
        new(ClaimState.Coding, ClaimTrigger.QueryProvider, ClaimState.OnHold, ClaimRole.Coder, NeedsReason: true),
        new(ClaimState.OnHold, ClaimTrigger.ProviderAnswered, ClaimState.Coding, ClaimRole.Clinic),
        new(ClaimState.Coding, ClaimTrigger.CompleteCoding, ClaimState.Verification, ClaimRole.Coder),
        new(ClaimState.Verification, ClaimTrigger.VerificationPassed, ClaimState.ReadyToSubmit, ClaimRole.Scrubber),
        new(ClaimState.Verification, ClaimTrigger.VerificationFailed, ClaimState.Coding, ClaimRole.Scrubber),
        new(ClaimState.ReadyToSubmit, ClaimTrigger.Submit, ClaimState.Submitted, ClaimRole.Biller),
        new(ClaimState.Submitted, ClaimTrigger.Reject, ClaimState.Rejected, ClaimRole.Payer),
        new(ClaimState.Submitted, ClaimTrigger.Accept, ClaimState.Accepted, ClaimRole.Payer),
        .. PaymentSources.Select(s => new WorkflowTransition(s, ClaimTrigger.Pay, ClaimState.Paid, ClaimRole.Payer)),
        .. PaymentSources.Select(s => new WorkflowTransition(s, ClaimTrigger.PayPartially, ClaimState.PartiallyPaid, ClaimRole.Payer)),
        .. PaymentSources.Select(s => new WorkflowTransition(s, ClaimTrigger.Deny, ClaimState.Denied, ClaimRole.Payer)),
        .. Correctable.Select(s => new WorkflowTransition(s, ClaimTrigger.Correct, ClaimState.Coding, ClaimRole.Biller)),
        .. Appealable.Select(s => new WorkflowTransition(s, ClaimTrigger.Appeal, ClaimState.Appealed, ClaimRole.Biller, NeedsReason: true)),
        // Closing a fully paid claim needs no words; closing with a balance is a write-off and needs its reason.
        .. Closable.Select(s => new WorkflowTransition(s, ClaimTrigger.Close, ClaimState.Closed, ClaimRole.Biller, NeedsReason: s != ClaimState.Paid)),
        // A claim already past its payer's filing limit when it arrived is never coded: the biller writes it off (CO-29).
        new(ClaimState.Received, ClaimTrigger.Close, ClaimState.Closed, ClaimRole.Biller, NeedsReason: true),
        .. Voidable.Select(s => new WorkflowTransition(s, ClaimTrigger.Void, ClaimState.Voided, ClaimRole.Biller, NeedsReason: true)),
        // An 835 reversal (CLP02 = 22) undoes the payer's decision; the corrected claim payment that follows posts from Accepted.
        .. Adjudicated.Select(s => new WorkflowTransition(s, ClaimTrigger.Reverse, ClaimState.Accepted, ClaimRole.Payer, NeedsReason: true)),
        // Coordination of benefits: what the primary left open goes to the secondary payer, as a new 837P with 2320/2430.
        .. Adjudicated.Select(s => new WorkflowTransition(s, ClaimTrigger.BillSecondary, ClaimState.ReadyToSubmit, ClaimRole.Biller)),
        // Patient billing: a self-pay claim once coded (it has no payer to submit to), or a denial the patient owes. The
        // use case (Statements/PatientBilling) enters the ledger's PatientTransfer and refuses a payer claim from
        // ReadyToSubmit; the table only says who may.
        .. PatientBillable.Select(s => new WorkflowTransition(s, ClaimTrigger.BillPatient, ClaimState.PatientBilling, ClaimRole.Biller)),
        // No reason when the patient has paid it all; the use case asks for one (a write-off) while a balance is open.
        new(ClaimState.PatientBilling, ClaimTrigger.Close, ClaimState.Closed, ClaimRole.Biller),
        // The payer's appeal decision arrives as a letter, not an 835: the biller records an upheld denial, which makes the
        // claim Denied again (next level, correction or write-off). An overturned one is paid by the payer's next 835.
        new(ClaimState.Appealed, ClaimTrigger.AppealUpheld, ClaimState.Denied, ClaimRole.Biller, NeedsReason: true),
    ];

    private static readonly FrozenDictionary<(ClaimState, ClaimTrigger), WorkflowTransition> ByEdge =
        Transitions.ToFrozenDictionary(t => (t.From, t.Trigger));

    private static readonly FrozenDictionary<ClaimTrigger, ClaimRole> RoleByTrigger =
        Transitions.GroupBy(t => t.Trigger).ToFrozenDictionary(g => g.Key, g => g.Select(t => t.Role).Distinct().Single());

    private static readonly FrozenDictionary<(ClaimState, ClaimRole), ClaimTrigger[]> ByStateAndRole =
        (from state in Enum.GetValues<ClaimState>()
         from role in Enum.GetValues<ClaimRole>()
         select (state, role)).ToFrozenDictionary(k => k, k => Transitions.Where(t => t.From == k.state && t.Role == k.role).Select(t => t.Trigger).ToArray());

    /// <summary>The transition for a pair, or null when the state does not permit the trigger.</summary>
    public static WorkflowTransition? Find(ClaimState from, ClaimTrigger trigger) => ByEdge.GetValueOrDefault((from, trigger));

    /// <summary>The triggers a role may fire in a state, in declaration order.</summary>
    public static IReadOnlyList<ClaimTrigger> Permitted(ClaimState state, ClaimRole role) => ByStateAndRole[(state, role)];

    /// <summary>What the Stateless machine itself permits for a role in a state (for tests that hold the table to the machine).</summary>
    internal static IReadOnlyList<ClaimTrigger> MachinePermitted(ClaimState state, ClaimRole role)
    {
        var (machine, triggers) = Build(() => state, _ => { });
        var probe = new TransitionRequest(new Actor("probe", role), null, default);
        return [.. Enum.GetValues<ClaimTrigger>().Where(t => machine.CanFire(triggers[t], probe))];
    }

    /// <summary>The roles that may fire a trigger (one today; a list so the error can name them).</summary>
    public static IReadOnlyList<ClaimRole> RolesFor(ClaimTrigger trigger) => [RoleByTrigger[trigger]];

    /// <summary>The role that normally fires a trigger (the CLI's default for <c>fire --as</c>).</summary>
    public static ClaimRole DefaultRole(ClaimTrigger trigger) => RoleByTrigger[trigger];

    /// <summary>
    /// Builds a Stateless machine over external state. Guards only read the request's role; entry actions and
    /// the transitioned hook are supplied by the owner, so the machine itself holds no claim logic.
    /// </summary>
    internal static (StateMachine<ClaimState, ClaimTrigger> Machine, FrozenDictionary<ClaimTrigger, StateMachine<ClaimState, ClaimTrigger>.TriggerWithParameters<TransitionRequest>> Triggers)
        Build(Func<ClaimState> read, Action<ClaimState> write)
    {
        var machine = new StateMachine<ClaimState, ClaimTrigger>(read, write, FiringMode.Immediate);
        var triggers = Enum.GetValues<ClaimTrigger>().ToFrozenDictionary(t => t, machine.SetTriggerParameters<TransitionRequest>);
        foreach (var transition in Transitions)
        {
            var role = transition.Role;
            machine.Configure(transition.From).PermitIf(
                triggers[transition.Trigger],
                transition.To,
                request => request.Actor.Role == role,
                $"role {role}");
        }
        return (machine, triggers);
    }

    /// <summary>The workflow as a Mermaid state diagram, generated from the configured machine.</summary>
    public static string ToMermaid() => Normalize(MermaidGraph.Format(DiagramMachine().GetInfo()));

    /// <summary>The workflow as a Graphviz dot graph, generated from the configured machine.</summary>
    public static string ToDot() => Normalize(UmlDotGraph.Format(DiagramMachine().GetInfo()));

    private static StateMachine<ClaimState, ClaimTrigger> DiagramMachine()
    {
        var state = ClaimState.Received;
        return Build(() => state, s => state = s).Machine;
    }

    private static string Normalize(string graph) => graph.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}

using Claims.Domain;

namespace Claims.Core.Tests.Domain;

/// <summary>
/// The workflow of DESIGN.md, written out here independently of <see cref="ClaimWorkflow"/>, checked pair by pair.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    // (from, trigger) -> (to, role), transcribed from the table in DESIGN.md.
    private static readonly Dictionary<(ClaimState From, ClaimTrigger Trigger), (ClaimState To, ClaimRole Role)> Design = BuildDesign();

    private static Dictionary<(ClaimState, ClaimTrigger), (ClaimState, ClaimRole)> BuildDesign()
    {
        var d = new Dictionary<(ClaimState, ClaimTrigger), (ClaimState, ClaimRole)>
        {
            [(ClaimState.Received, ClaimTrigger.StartCoding)] = (ClaimState.Coding, ClaimRole.Coder),
            [(ClaimState.Coding, ClaimTrigger.Release)] = (ClaimState.Received, ClaimRole.Coder),
            [(ClaimState.Coding, ClaimTrigger.QueryProvider)] = (ClaimState.OnHold, ClaimRole.Coder),
            [(ClaimState.OnHold, ClaimTrigger.ProviderAnswered)] = (ClaimState.Coding, ClaimRole.Clinic),
            [(ClaimState.Coding, ClaimTrigger.CompleteCoding)] = (ClaimState.Verification, ClaimRole.Coder),
            [(ClaimState.Verification, ClaimTrigger.VerificationPassed)] = (ClaimState.ReadyToSubmit, ClaimRole.Scrubber),
            [(ClaimState.Verification, ClaimTrigger.VerificationFailed)] = (ClaimState.Coding, ClaimRole.Scrubber),
            [(ClaimState.ReadyToSubmit, ClaimTrigger.Submit)] = (ClaimState.Submitted, ClaimRole.Biller),
            [(ClaimState.Submitted, ClaimTrigger.Reject)] = (ClaimState.Rejected, ClaimRole.Payer),
            [(ClaimState.Submitted, ClaimTrigger.Accept)] = (ClaimState.Accepted, ClaimRole.Payer),
        };
        foreach (var from in new[] { ClaimState.Submitted, ClaimState.Accepted, ClaimState.Appealed })
        {
            d[(from, ClaimTrigger.Pay)] = (ClaimState.Paid, ClaimRole.Payer);
            d[(from, ClaimTrigger.PayPartially)] = (ClaimState.PartiallyPaid, ClaimRole.Payer);
            d[(from, ClaimTrigger.Deny)] = (ClaimState.Denied, ClaimRole.Payer);
        }
        foreach (var from in new[] { ClaimState.Rejected, ClaimState.Denied, ClaimState.PartiallyPaid }) d[(from, ClaimTrigger.Correct)] = (ClaimState.Coding, ClaimRole.Biller);
        foreach (var from in new[] { ClaimState.Denied, ClaimState.PartiallyPaid }) d[(from, ClaimTrigger.Appeal)] = (ClaimState.Appealed, ClaimRole.Biller);
        foreach (var from in new[] { ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied }) d[(from, ClaimTrigger.Close)] = (ClaimState.Closed, ClaimRole.Biller);
        // A claim past its payer's filing limit at intake is written off (CO-29) without being coded.
        d[(ClaimState.Received, ClaimTrigger.Close)] = (ClaimState.Closed, ClaimRole.Biller);
        foreach (var from in new[] { ClaimState.Submitted, ClaimState.Accepted, ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied }) d[(from, ClaimTrigger.Void)] = (ClaimState.Voided, ClaimRole.Biller);
        // An 835 reversal (CLP02 22) takes the payer's decision back; the corrected payment posts from Accepted.
        foreach (var from in new[] { ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied }) d[(from, ClaimTrigger.Reverse)] = (ClaimState.Accepted, ClaimRole.Payer);
        // Coordination of benefits: after the primary's decision the claim is billed to the secondary payer.
        foreach (var from in new[] { ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied }) d[(from, ClaimTrigger.BillSecondary)] = (ClaimState.ReadyToSubmit, ClaimRole.Biller);
        // Patient billing: a self-pay claim once verified, or a denial the patient owes; closed when paid or written off.
        foreach (var from in new[] { ClaimState.ReadyToSubmit, ClaimState.Denied, ClaimState.PartiallyPaid }) d[(from, ClaimTrigger.BillPatient)] = (ClaimState.PatientBilling, ClaimRole.Biller);
        d[(ClaimState.PatientBilling, ClaimTrigger.Close)] = (ClaimState.Closed, ClaimRole.Biller);
        d[(ClaimState.Appealed, ClaimTrigger.AppealUpheld)] = (ClaimState.Denied, ClaimRole.Biller);
        return d;
    }

    public static TheoryData<ClaimState, ClaimTrigger> EveryPair()
    {
        var data = new TheoryData<ClaimState, ClaimTrigger>();
        foreach (var state in Enum.GetValues<ClaimState>())
        {
            foreach (var trigger in Enum.GetValues<ClaimTrigger>()) data.Add(state, trigger);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_state_and_trigger_pair_either_moves_to_the_designed_target_or_is_refused_without_change(ClaimState state, ClaimTrigger trigger)
    {
        var claim = ClaimBuilder.InState(state, Paths);
        var versionBefore = claim.Version;
        var historyBefore = claim.History.Count;

        if (Design.TryGetValue((state, trigger), out var expected))
        {
            claim.Fire(trigger, new Actor("tester", expected.Role), "because the test says so", At);

            Assert.Equal(expected.To, claim.State);
            var row = claim.History[^1];
            Assert.Equal((state, expected.To, trigger, "tester", expected.Role, "because the test says so", At), (row.From, row.To, row.Trigger, row.ActorId, row.ActorRole, row.Reason, row.At));
            Assert.Equal(historyBefore + 1, claim.History.Count);
        }
        else
        {
            var role = ClaimWorkflow.Transitions.FirstOrDefault(t => t.Trigger == trigger)?.Role ?? ClaimRole.Admin;
            var error = Assert.Throws<InvalidTransitionException>(() => claim.Fire(trigger, new Actor("tester", role), "reason", At));

            Assert.Contains(state.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Contains(trigger.ToString(), error.Message, StringComparison.Ordinal);
            Assert.Equal((state, trigger), (error.State, error.Trigger));
            Assert.Equal(state, claim.State);
            Assert.Equal(versionBefore, claim.Version);
            Assert.Equal(historyBefore, claim.History.Count);
        }
    }

    [Fact]
    public void The_machine_permits_exactly_the_designed_pairs()
    {
        var actual = ClaimWorkflow.Transitions.ToDictionary(t => (t.From, t.Trigger), t => (t.To, t.Role));
        Assert.Equal(Design.OrderBy(x => x.Key).ToList(), actual.OrderBy(x => x.Key).ToList());
    }

    public static TheoryData<ClaimState, ClaimTrigger, ClaimRole> PermittedPairsWithWrongRoles()
    {
        var data = new TheoryData<ClaimState, ClaimTrigger, ClaimRole>();
        foreach (var ((from, trigger), (_, role)) in Design)
        {
            foreach (var other in Enum.GetValues<ClaimRole>().Where(r => r != role)) data.Add(from, trigger, other);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PermittedPairsWithWrongRoles))]
    public void A_role_that_may_not_fire_a_trigger_is_refused_and_nothing_changes(ClaimState state, ClaimTrigger trigger, ClaimRole role)
    {
        var claim = ClaimBuilder.InState(state, Paths);
        var version = claim.Version;

        var error = Assert.Throws<TriggerForbiddenException>(() => claim.Fire(trigger, new Actor("intruder", role), "reason", At));

        Assert.Contains(role.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(trigger.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(state, claim.State);
        Assert.Equal(version, claim.Version);
        Assert.False(claim.CanFire(trigger, role));
    }

    [Fact]
    public void Permitted_triggers_per_role_are_what_the_design_allows_in_each_state()
    {
        foreach (var state in Enum.GetValues<ClaimState>())
        {
            var claim = ClaimBuilder.InState(state, Paths);
            foreach (var role in Enum.GetValues<ClaimRole>())
            {
                var expected = Design.Where(d => d.Key.From == state && d.Value.Role == role).Select(d => d.Key.Trigger).OrderBy(t => t);
                Assert.Equal(expected, claim.PermittedTriggers(role).OrderBy(t => t));
            }
        }
    }

    [Fact]
    public void The_stateless_machine_permits_what_the_table_permits_for_every_state_and_role()
    {
        foreach (var state in Enum.GetValues<ClaimState>())
        {
            foreach (var role in Enum.GetValues<ClaimRole>())
            {
                Assert.Equal(ClaimWorkflow.Permitted(state, role).Order(), ClaimWorkflow.MachinePermitted(state, role).Order());
            }
        }
    }

    [Theory]
    [InlineData(ClaimState.Coding, ClaimTrigger.QueryProvider)]
    [InlineData(ClaimState.Denied, ClaimTrigger.Appeal)]
    [InlineData(ClaimState.Denied, ClaimTrigger.Close)]
    [InlineData(ClaimState.PartiallyPaid, ClaimTrigger.Close)]
    [InlineData(ClaimState.Paid, ClaimTrigger.Void)]
    public void Triggers_that_need_a_reason_refuse_a_blank_one(ClaimState state, ClaimTrigger trigger)
    {
        var claim = ClaimBuilder.InState(state, Paths);

        Assert.Throws<ReasonRequiredException>(() => claim.Fire(trigger, new Actor("u", Design[(state, trigger)].Role), "  ", At));
        Assert.Equal(state, claim.State);
    }

    [Fact]
    public void Closing_a_fully_paid_claim_needs_no_reason()
    {
        var claim = ClaimBuilder.InState(ClaimState.Paid, Paths);
        claim.Fire(ClaimTrigger.Close, new Actor("b", ClaimRole.Biller), null, At);
        Assert.Equal(ClaimState.Closed, claim.State);
    }

    [Fact]
    public void Correcting_makes_a_replacement_claim_and_voiding_a_void_claim()
    {
        var corrected = ClaimBuilder.InState(ClaimState.Denied, Paths);
        corrected.Fire(ClaimTrigger.Correct, new Actor("b", ClaimRole.Biller), null, At);
        Assert.Equal(ClaimFrequency.Replacement, corrected.Frequency);

        var voided = ClaimBuilder.InState(ClaimState.Paid, Paths);
        voided.Fire(ClaimTrigger.Void, new Actor("b", ClaimRole.Biller), "wrong patient", At);
        Assert.Equal(ClaimFrequency.Void, voided.Frequency);
    }

    [Fact]
    public void The_generated_mermaid_diagram_names_all_fifteen_states_and_every_trigger()
    {
        var mermaid = ClaimWorkflow.ToMermaid();

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Equal(15, Enum.GetValues<ClaimState>().Length);
        foreach (var state in Enum.GetNames<ClaimState>()) Assert.Contains(state, mermaid, StringComparison.Ordinal);
        foreach (var trigger in Enum.GetNames<ClaimTrigger>()) Assert.Contains($": {trigger} ", mermaid, StringComparison.Ordinal);
        Assert.Equal(Design.Count, mermaid.Split('\n').Count(l => l.Contains("-->", StringComparison.Ordinal) && !l.Contains("[*]", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_generated_dot_graph_names_every_state()
    {
        var dot = ClaimWorkflow.ToDot();
        Assert.Contains("digraph", dot, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<ClaimState>()) Assert.Contains(state, dot, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_shows_the_diagram_the_machine_generates()
    {
        var readme = File.ReadAllText(Path.Combine(Fixtures.Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string open = "```mermaid\n";
        var start = readme.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```mermaid block");
        var end = readme.IndexOf("```", start + open.Length, StringComparison.Ordinal);
        var block = readme[(start + open.Length)..end];

        Assert.True(ClaimWorkflow.ToMermaid() == block, "README.md's workflow diagram differs from the machine: regenerate it with `dotnet run --project src/Claims.Cli -- workflow --format mermaid`.");
    }

    /// <summary>The shortest trigger path to each state over the design table (breadth-first).</summary>
    private static readonly IReadOnlyDictionary<ClaimState, (ClaimTrigger Trigger, ClaimRole Role)[]> Paths = ShortestPaths();

    private static Dictionary<ClaimState, (ClaimTrigger, ClaimRole)[]> ShortestPaths()
    {
        var paths = new Dictionary<ClaimState, (ClaimTrigger, ClaimRole)[]> { [ClaimState.Received] = [] };
        var queue = new Queue<ClaimState>([ClaimState.Received]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var ((from, trigger), (to, role)) in Design.OrderBy(d => d.Key.Trigger))
            {
                if (from != state || paths.ContainsKey(to)) continue;
                paths[to] = [.. paths[state], (trigger, role)];
                queue.Enqueue(to);
            }
        }
        Assert.Equal(Enum.GetValues<ClaimState>().Length, paths.Count);
        return paths;
    }
}

using System.Text.Json;
using Claims.Domain;
using Claims.Cli;

namespace Claims.IntegrationTests.Domain;

/// <summary>The <c>claims</c> command line, run in-process against a real SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, args);
    }

    [Fact]
    public async Task Workflow_prints_the_mermaid_diagram_with_all_fifteen_states()
    {
        var (exit, output, _) = await RunAsync("workflow", "--format", "mermaid");

        Assert.Equal(0, exit);
        foreach (var state in Enum.GetNames<ClaimState>()) Assert.Contains(state, output, StringComparison.Ordinal);
        Assert.Equal(15, Enum.GetNames<ClaimState>().Length);
    }

    [Fact]
    public async Task Seed_then_list_json_shows_claims_in_at_least_six_states()
    {
        var (seedExit, _, seedErr) = await RunAsync("seed", "--patients", "50");
        Assert.True(seedExit == 0, seedErr);

        var (exit, output, _) = await RunAsync("list", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var states = json.RootElement.EnumerateArray().Select(e => e.GetProperty("state").GetString()).ToHashSet();
        Assert.True(states.Count >= 6, $"only {states.Count} states: {string.Join(", ", states)}");
        Assert.True(json.RootElement.GetArrayLength() >= 50);
    }

    [Fact]
    public async Task Seeding_is_reproducible_with_a_fixed_seed()
    {
        await RunAsync("seed", "--patients", "20", "--seed", "42");
        var first = (await RunAsync("list", "--json")).Out;
        using var other = new TestHome();
        using var output = new StringWriter();
        await CliApp.RunAsync(["seed", "--patients", "20", "--seed", "42"], output, TextWriter.Null, () => other.Settings, other.Time);
        using var second = new StringWriter();
        await CliApp.RunAsync(["list", "--json"], second, TextWriter.Null, () => other.Settings, other.Time);

        static IEnumerable<string> Numbers(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("controlNumber").GetString()!).Order();
        Assert.Equal(Numbers(first), Numbers(second.ToString()));
    }

    [Fact]
    public async Task Firing_submit_on_a_received_claim_exits_1_names_state_and_trigger_and_changes_nothing()
    {
        await RunAsync("seed", "--patients", "30");
        var id = await FirstInStateAsync("Received");
        var before = (await RunAsync("show", id, "--json")).Out;

        var (exit, output, error) = await RunAsync("fire", id, "Submit");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("Received", error, StringComparison.Ordinal);
        Assert.Contains("Submit", error, StringComparison.Ordinal);
        Assert.Equal(before, (await RunAsync("show", id, "--json")).Out);
    }

    [Fact]
    public async Task Completing_coding_from_the_cli_verifies_at_once_so_a_clean_claim_ends_ready_to_submit_and_none_stays_in_verification()
    {
        await RunAsync("seed", "--patients", "30");
        using var list = JsonDocument.Parse((await RunAsync("list", "--state", "Received", "--json")).Out);
        var received = list.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(received);

        var ends = new List<string>();
        foreach (var id in received)
        {
            Assert.Equal(0, (await RunAsync("fire", id, "StartCoding")).Exit);
            var (exit, output, error) = await RunAsync("fire", id, "CompleteCoding", "--json");
            Assert.True(exit == 0, error);
            using var result = JsonDocument.Parse(output);
            ends.Add(result.RootElement.GetProperty("to").GetString()!);
        }

        Assert.DoesNotContain("Verification", ends);
        Assert.All(ends, state => Assert.Contains(state, new[] { "ReadyToSubmit", "Coding" }));
        Assert.Contains("ReadyToSubmit", ends);
        using var none = JsonDocument.Parse((await RunAsync("list", "--state", "Verification", "--json")).Out);
        Assert.Empty(none.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Firing_a_permitted_trigger_moves_the_claim_and_records_who_and_why()
    {
        await RunAsync("seed", "--patients", "30");
        var id = await FirstInStateAsync("Coding");

        var (exit, output, error) = await RunAsync("fire", id, "QueryProvider", "--reason", "Which knee?");
        Assert.True(exit == 0, error);
        Assert.Contains("Coding --QueryProvider--> OnHold", output, StringComparison.Ordinal);

        using var shown = JsonDocument.Parse((await RunAsync("show", id, "--json")).Out);
        Assert.Equal("OnHold", shown.RootElement.GetProperty("state").GetString());
        var last = shown.RootElement.GetProperty("history").EnumerateArray().Last();
        // The words are the question to the clinic: encrypted with it, never in the plain history.
        Assert.Equal(("QueryProvider", "Coder", "query to clinic"), (last.GetProperty("trigger").GetString(), last.GetProperty("role").GetString(), last.GetProperty("reason").GetString()));
        Assert.Equal(["ProviderAnswered"], shown.RootElement.GetProperty("permittedTriggers").GetProperty("Clinic").EnumerateArray().Select(t => t.GetString()));
        using var thread = JsonDocument.Parse((await RunAsync("questions", "list", id, "--json")).Out);
        Assert.Contains(thread.RootElement.EnumerateArray(), q => q.GetProperty("question").GetString() == "Which knee?" && q.GetProperty("status").GetString() == "Open");
    }

    [Fact]
    public async Task A_role_that_may_not_fire_is_a_domain_failure()
    {
        await RunAsync("seed", "--patients", "30");
        var id = await FirstInStateAsync("Received");

        var (exit, _, error) = await RunAsync("fire", id, "StartCoding", "--as", "Biller");

        Assert.Equal(1, exit);
        Assert.Contains("Biller may not fire StartCoding", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list", "--state", "Nowhere")]
    [InlineData("fire")]
    [InlineData("fire", "C123", "Explode")]
    [InlineData("workflow", "--format", "png")]
    [InlineData("show", "not/a/claim")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_2_with_a_message(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Showing_an_unknown_claim_is_a_domain_failure()
    {
        var (exit, _, error) = await RunAsync("show", Guid.NewGuid().ToString());
        Assert.Equal(1, exit);
        Assert.Contains("No claim", error, StringComparison.Ordinal);
    }

    private async Task<string> FirstInStateAsync(string state)
    {
        var (_, output, _) = await RunAsync("list", "--state", state, "--json");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().First().GetProperty("id").GetString()!;
    }
}

using System.CommandLine;
using Claims.Domain;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims fire ID TRIGGER</c>: moves a claim through the same use case as the claim page's buttons
/// (<see cref="ClaimTransitions"/>): StartCoding takes the lease, CompleteCoding verifies at once, QueryProvider's
/// reason becomes the encrypted question to the clinic and ProviderAnswered's its answer.
/// </summary>
internal static class FireCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("id") { Description = "Claim id (GUID) or claim control number." };
        var triggerArg = new Argument<string>("trigger") { Description = $"One of: {string.Join(", ", Enum.GetNames<ClaimTrigger>())}." };
        var reason = new Option<string?>("--reason") { Description = "Why (required for QueryProvider, Appeal, Void and write-off Close). For QueryProvider and ProviderAnswered it is the question or answer, stored encrypted; elsewhere it is kept in the plain history: no patient details." };
        var role = new Option<string?>("--as") { Description = "Act as this role (default: the role that normally fires the trigger)." };
        var version = new Option<int?>("--version") { Description = "Act only if the claim is still at this version (as shown by 'claims show')." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("fire", "Fire a workflow trigger on a claim.") { id, triggerArg, reason, role, version, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var trigger = ClaimLookup.ParseTrigger(parse.GetValue(triggerArg)!);
            var actingRole = parse.GetValue(role) is { } r ? ClaimLookup.ParseRole(r) : ClaimWorkflow.DefaultRole(trigger);
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = await ClaimLookup.IdAsync(db, parse.GetValue(id)!, token);
            var result = await new ClaimTransitions(db, env.Time, env.Scrubber, env.Submissions(db)).FireAsync(claimId, trigger, parse.GetValue(reason), env.As(actingRole), parse.GetValue(version), token);
            var claim = result.Claim;
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { claim = claim.Id, controlNumber = claim.ControlNumber.Value, from = result.From, trigger, to = claim.State, version = claim.Version, message = result.Message });
            }
            else
            {
                await env.Out.WriteLineAsync($"Claim {claim.ControlNumber}: {result.From} --{trigger}--> {claim.State}. {result.Message}");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using Claims.Domain;

namespace Claims.Cli.Commands;

internal static class FireCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("id") { Description = "Claim id (GUID) or claim control number." };
        var triggerArg = new Argument<string>("trigger") { Description = $"One of: {string.Join(", ", Enum.GetNames<ClaimTrigger>())}." };
        var reason = new Option<string?>("--reason") { Description = "Why (required for QueryProvider, Appeal, Void and write-off Close). Stored in plain text in the history: no patient details." };
        var role = new Option<string?>("--as") { Description = "Act as this role (default: the role that normally fires the trigger)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("fire", "Fire a workflow trigger on a claim.") { id, triggerArg, reason, role, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var trigger = ClaimLookup.ParseTrigger(parse.GetValue(triggerArg)!);
            var actingRole = parse.GetValue(role) is { } r ? ClaimLookup.ParseRole(r) : ClaimWorkflow.DefaultRole(trigger);
            var actor = new Actor(env.ActorId, actingRole);
            await using var db = await env.OpenDatabaseAsync(token);
            var claim = await ClaimLookup.FindAsync(db, parse.GetValue(id)!, token);
            var from = claim.State;
            claim.Fire(trigger, actor, parse.GetValue(reason), env.Time.GetUtcNow());
            await db.SaveChangesAsync(token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { claim = claim.Id, controlNumber = claim.ControlNumber.Value, from, trigger, to = claim.State, version = claim.Version });
            }
            else
            {
                await env.Out.WriteLineAsync($"Claim {claim.ControlNumber}: {from} --{trigger}--> {claim.State}");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

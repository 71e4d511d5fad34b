using System.CommandLine;
using Claims.Coding;
using Claims.Domain;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims workbench ...</c>: the coder's workbench from the command line, through the same use case as the web
/// workbench (<see cref="Workbench"/>): take a claim or the next one, release it, edit its diagnoses and lines, and
/// complete coding (verified at once). Every act checks the lease (and <c>--version</c> when given) and is audited.
/// </summary>
internal static class WorkbenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("workbench", "The coder's workbench: take, release, edit diagnoses and lines, complete coding.");
        command.Subcommands.Add(Next(env));
        command.Subcommands.Add(Act(env, "take", "Take a claim: coding starts (or the lease is renewed).", [], (w, id, c, v, _, ct) => w.TakeAsync(id, c, v, ct)));
        command.Subcommands.Add(Act(env, "release", "Give the claim back to the queue.", [], (w, id, c, v, _, ct) => w.ReleaseAsync(id, c, v, ct)));
        command.Subcommands.Add(Act(env, "complete", "Coding is complete: the scrubber verifies at once (ReadyToSubmit, or back to Coding with the errors).", [], (w, id, c, v, _, ct) => w.CompleteCodingAsync(id, c, v, ct)));
        command.Subcommands.Add(Diagnoses(env));
        command.Subcommands.Add(Lines(env));
        return command;
    }

    private delegate Task<WorkbenchResult> WorkbenchAct(Workbench workbench, Guid claimId, Caller caller, int? version, ParseResult parse, CancellationToken ct);

    private static Command Next(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("next", "Take the most urgent claim nobody holds.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claim = await new Workbench(db, env.Time, env.Scrubber).TakeNextAsync(env.As(ClaimRole.Coder), token);
            if (claim is null)
            {
                await env.Out.WriteLineAsync("Nothing to take: every claim to code is held by someone.");
                return ExitCodes.Ok;
            }
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, new { claim = claim.Id, controlNumber = claim.ControlNumber.Value, state = claim.State, version = claim.Version, leaseExpiresAt = claim.LeaseExpiresAt });
            else await env.Out.WriteLineAsync($"Took claim {claim.ControlNumber} ({claim.Id}), version {claim.Version}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Diagnoses(CliEnvironment env)
    {
        var code = new Argument<string>("code") { Description = "An ICD-10-CM code (J20.9 or J209)." };
        var position = new Argument<int>("position") { Description = "The diagnosis position (1 = principal)." };
        var positionToMove = new Argument<int>("position") { Description = "The diagnosis position (1 = principal)." };
        var by = new Option<int>("--by") { Description = "-1 moves it up, 1 down.", DefaultValueFactory = _ => -1 };
        var command = new Command("dx", "The claim's diagnoses, in order.");
        command.Subcommands.Add(Act(env, "add", "Append a diagnosis.", [code], (w, id, c, v, p, ct) => w.AddDiagnosisAsync(id, c, v, p.GetValue(code), ct)));
        command.Subcommands.Add(Act(env, "move", "Move a diagnosis up or down; pointers follow it.", [positionToMove, by], (w, id, c, v, p, ct) => w.MoveDiagnosisAsync(id, c, v, p.GetValue(positionToMove), p.GetValue(by), ct)));
        command.Subcommands.Add(Act(env, "remove", "Remove a diagnosis; pointers to it go.", [position], (w, id, c, v, p, ct) => w.RemoveDiagnosisAsync(id, c, v, p.GetValue(position), ct)));
        return command;
    }

    private static Command Lines(CliEnvironment env)
    {
        var code = new Argument<string>("code") { Description = "A CPT or HCPCS code." };
        var lineToRevise = new Argument<int>("line") { Description = "The line number." };
        var lineToRemove = new Argument<int>("line") { Description = "The line number." };
        var modifiers = new Option<string?>("--modifiers") { Description = "Up to four, separated by commas (25,59)." };
        var units = new Option<int>("--units") { Description = "Units (default 1).", DefaultValueFactory = _ => 1 };
        var charge = new Option<string?>("--charge") { Description = "The line's charge, e.g. 125.00." };
        var pointers = new Option<string?>("--pointers") { Description = "Diagnosis positions or codes, separated by commas (1,2 or J20.9)." };
        var command = new Command("line", "The claim's service lines.");
        command.Subcommands.Add(Act(env, "add", "Append a service line.", [code, modifiers, units, charge, pointers],
            (w, id, c, v, p, ct) => w.AddLineAsync(id, c, v, new LineEntry(p.GetValue(code), p.GetValue(modifiers), p.GetValue(units), p.GetValue(charge), p.GetValue(pointers)), ct)));
        command.Subcommands.Add(Act(env, "revise", "Correct a line's modifiers, units, charge and pointers.", [lineToRevise, modifiers, units, charge, pointers],
            (w, id, c, v, p, ct) => w.ReviseLineAsync(id, c, v, p.GetValue(lineToRevise), new LineEntry(null, p.GetValue(modifiers), p.GetValue(units), p.GetValue(charge), p.GetValue(pointers)), ct)));
        command.Subcommands.Add(Act(env, "remove", "Remove a line; the lines after it are renumbered.", [lineToRemove], (w, id, c, v, p, ct) => w.RemoveLineAsync(id, c, v, p.GetValue(lineToRemove), ct)));
        return command;
    }

    /// <summary>One workbench act on one claim: parse the claim, its options, call the use case, print what it did.</summary>
    private static Command Act(CliEnvironment env, string name, string description, Symbol[] symbols, WorkbenchAct act)
    {
        var claimArg = new Argument<string>("claim") { Description = "Claim id or control number." };
        var version = new Option<int?>("--version") { Description = "Act only if the claim is still at this version." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command(name, description) { claimArg };
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else if (symbol is Option option) command.Options.Add(option);
        }
        command.Options.Add(version);
        command.Options.Add(json);
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = await ClaimLookup.IdAsync(db, parse.GetValue(claimArg)!, token);
            var result = await act(new Workbench(db, env.Time, env.Scrubber), claimId, env.As(ClaimRole.Coder), parse.GetValue(version), parse, token);
            var claim = result.Claim;
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, new { claim = claim.Id, controlNumber = claim.ControlNumber.Value, state = claim.State, version = claim.Version, message = result.Message });
            else await env.Out.WriteLineAsync($"Claim {claim.ControlNumber} ({claim.State}, version {claim.Version}): {result.Message}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using Claims.Domain;

namespace Claims.Cli.Commands;

internal static class WorkflowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var format = new Option<string>("--format") { Description = "Diagram format.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("workflow", "Print the claim workflow, generated from the state machine.") { format };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var text = parse.GetValue(format) == "dot" ? ClaimWorkflow.ToDot() : ClaimWorkflow.ToMermaid();
            await env.Out.WriteAsync(text);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

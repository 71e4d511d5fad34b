using System.CommandLine;
using Claims.Coding;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims questions ask|answer|list</c>: a coder's questions to the clinic and its answers, through the same use
/// case as the query pages (<see cref="ClinicQuestions"/>): the text is stored encrypted under the patient's data key,
/// the claim goes On hold and back, and every ask, answer and read is audited.
/// </summary>
internal static class QuestionsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("questions", "Coders' questions to the clinic about a claim, and the clinic's answers (stored encrypted).");
        command.Subcommands.Add(Ask(env));
        command.Subcommands.Add(Answer(env));
        command.Subcommands.Add(List(env));
        return command;
    }

    private static Command Ask(CliEnvironment env)
    {
        var claimArg = new Argument<string>("claim") { Description = "Claim id or control number." };
        var text = new Argument<string>("text") { Description = "The question (up to 2,000 characters)." };
        var command = new Command("ask", "Ask the clinic about a claim being coded; the claim goes On hold.") { claimArg, text };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = await ClaimLookup.IdAsync(db, parse.GetValue(claimArg)!, token);
            var asked = await new ClinicQuestions(db, env.Time).AskAsync(claimId, parse.GetValue(text), env.As(ClaimRole.Coder), token);
            await env.Out.WriteLineAsync($"Question {asked.Id} sent; claim {claimId} is On hold until the clinic answers.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Answer(CliEnvironment env)
    {
        var questionArg = new Argument<Guid>("question") { Description = "The question's id." };
        var text = new Argument<string>("text") { Description = "The answer (up to 2,000 characters)." };
        var command = new Command("answer", "Answer a question on the clinic's behalf; the claim goes back to coding.") { questionArg, text };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var questionId = parse.GetValue(questionArg);
            var clinicId = await db.ClinicQuestions.Where(q => q.Id == questionId).Select(q => (Guid?)q.ClinicId).FirstOrDefaultAsync(token)
                ?? throw new NotFoundException($"Query {questionId} was not found.");
            var answered = await new ClinicQuestions(db, env.Time).AnswerAsync(questionId, clinicId, parse.GetValue(text), env.As(ClaimRole.Clinic), token);
            await env.Out.WriteLineAsync($"Answered; claim {answered.ClaimId} is back with coding.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var claimArg = new Argument<string>("claim") { Description = "Claim id or control number." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "A claim's questions and answers, decrypted (each read is audited).") { claimArg, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = await ClaimLookup.IdAsync(db, parse.GetValue(claimArg)!, token);
            var views = await new ClinicQuestions(db, env.Time).ReadAsync(db.ClinicQuestions.Where(q => q.ClaimId == claimId), env.As(ClaimRole.Coder), cancellationToken: token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, views);
                return ExitCodes.Ok;
            }
            foreach (var v in views)
            {
                await env.Out.WriteLineAsync($"{v.Id} {v.Status} asked {v.AskedAt:yyyy-MM-dd HH:mm} by {v.AskedBy}: {(v.Erased ? "(erased)" : v.Question)}");
                if (v.AnsweredAt is { } at) await env.Out.WriteLineAsync($"    answered {at:yyyy-MM-dd HH:mm} by {v.AnsweredBy}: {(v.Erased ? "(erased)" : v.Answer)}");
            }
            if (views.Count == 0) await env.Out.WriteLineAsync("No questions on this claim.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

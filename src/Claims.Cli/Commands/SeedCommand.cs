using System.CommandLine;
using Claims.Demo;
using Spectre.Console;

namespace Claims.Cli.Commands;

internal static class SeedCommand
{
    public static Command Create(CliEnvironment env)
    {
        var patients = new Option<int>("--patients") { Description = "How many synthetic patients to add (each gets 1-3 claims).", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Random seed (fixed default: the same data every time).", DefaultValueFactory = _ => DemoSeeder.DefaultSeed };
        var json = new Option<bool>("--json") { Description = "Machine output: what was added." };
        var command = new Command("seed", "Add synthetic demo data: clinics, payers, providers, patients and claims in every state.") { patients, seed, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var count = parse.GetValue(patients);
            if (count < 0) throw new UsageException("--patients must be zero or more.");
            await using var db = await env.OpenDatabaseAsync(token);
            DemoSeedResult result;
            if (parse.GetValue(json))
            {
                result = await DemoSeeder.SeedAsync(db, count, parse.GetValue(seed), env.Time, null, token);
                await DemoOperations.SeedAsync(db, env.Time, DemoOperations.DemoUserDomain, token);
                await Json.WriteAsync(env.Out, result);
                return ExitCodes.Ok;
            }
            result = await env.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Seeding patients", maxValue: Math.Max(count, 1));
                return await DemoSeeder.SeedAsync(db, count, parse.GetValue(seed), env.Time, new Progress<int>(done => task.Value = done), token);
            });
            await DemoOperations.SeedAsync(db, env.Time, DemoOperations.DemoUserDomain, token);
            env.Console.MarkupLine($"Added {result.Clinics} clinic(s), {result.Payers} payer(s), {result.Providers} provider(s), {result.Patients} patient(s), {result.Claims} claim(s).");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("State").AddColumn(new TableColumn("Claims").RightAligned());
            foreach (var (state, n) in result.ClaimsByState.Where(x => x.Value > 0)) table.AddRow(state.ToString(), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            env.Console.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

using Claims.Cli;
using Claims.Persistence;

namespace Claims.Testing;

/// <summary>Runs the <c>claims</c> command line in-process on a given database and clock, capturing what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(Func<ClaimsDatabaseSettings> settings, TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, settings, time);
        return (exit, output.ToString(), error.ToString());
    }
}

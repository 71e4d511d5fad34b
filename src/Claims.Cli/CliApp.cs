using System.CommandLine;
using Claims.Cli.Commands;
using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Security;
using Claims.Submission;
using Spectre.Console;

namespace Claims.Cli;

/// <summary>Exit codes of every command (DESIGN.md, Interfaces).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int DomainFailure = 1;
    public const int Usage = 2;
}

/// <summary>A usage error found after parsing (an unknown state name, a malformed id): exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>What every command gets: its writers, a console for tables, the database settings and the clock.</summary>
internal sealed class CliEnvironment(TextWriter output, TextWriter error, Func<ClaimsDatabaseSettings> settings, TimeProvider time)
{
    private FileKeyRing? _keyRing;
    private Scrubber? _scrubber;
    private CodeSets? _codeSets;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider Time { get; } = time;

    /// <summary>CLAIMS_HOME: where imported code sets (codesets/) and the development key ring (keys/) live.</summary>
    public string Home => settings().Home;

    public IAnsiConsole Console { get; } = CreateConsole(output);

    /// <summary>The acting user for the audit trail: the operating-system account running the command.</summary>
    public string ActorId { get; } = $"cli:{Environment.UserName}";

    public ClaimsDatabaseSettings Settings => settings();

    /// <summary>The key ring in CLAIMS_HOME (created on first use in development).</summary>
    public FileKeyRing KeyRing => _keyRing ??= FileKeyRing.Open(settings().Home);

    /// <summary>The operator acting in <paramref name="role"/>, for a use case.</summary>
    public Caller As(ClaimRole role) => Caller.FromCli(new Actor(ActorId, role));

    /// <summary>The <c>Submission</c> settings from the environment (<c>Submission__Mailbox</c> ...), with demo defaults.</summary>
    public SubmissionSettings Submission => SubmissionSettings.From(key => Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal)), Home);

    /// <summary>The submission use case over a database context, with the configured mailbox.</summary>
    public Submissions Submissions(ClaimsDbContext db)
    {
        var settings = Submission;
        return new Submissions(db, Time, settings, ClearinghouseMailboxes.Open(settings));
    }

    /// <summary>The scrubber over the code sets in CLAIMS_HOME (loaded on first use).</summary>
    public Scrubber Scrubber => _scrubber ??= new Scrubber(CodeSets);

    /// <summary>The code sets in CLAIMS_HOME (imported ones over the shipped ones), loaded on first use.</summary>
    public CodeSets CodeSets => _codeSets ??= CodeSets.Load(CodeSetStore.ForHome(Home).Folder);

    public async Task<ClaimsDbContext> OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        var db = OpenMigratedDatabase();
        await ClaimsDatabase.MigrateAsync(db, cancellationToken);
        return db;
    }

    /// <summary>
    /// A context on a database this process has already brought up to date with <see cref="OpenDatabaseAsync"/>: a
    /// command that opens many (one per simulated user, as the web app has one per request) migrates once, not each time.
    /// </summary>
    public ClaimsDbContext OpenMigratedDatabase() => new(ClaimsDatabase.Options(settings(), Time), KeyRing, Time);

    /// <summary>Runs a command body and maps its failures to exit codes with a one-line message.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (UsageException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ClaimsDomainException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.DomainFailure;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("CLAIMS_", StringComparison.Ordinal))
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected) console.Profile.Width = 200;
        return console;
    }
}

/// <summary>The <c>claims</c> command line: parse, dispatch, map errors to exit codes 0/1/2.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, () => ClaimsDatabaseSettings.Resolve(), TimeProvider.System);

    /// <summary>Every command, as the parser sees them (tests enumerate them to prove PHI access is audited).</summary>
    internal static RootCommand BuildRoot(CliEnvironment env)
    {
        return new RootCommand("claims: the Claims processor's command line (FHIR intake, workflow, coding, audit).")
        {
            WorkflowCommand.Create(env),
            ListCommand.Create(env),
            ShowCommand.Create(env),
            FireCommand.Create(env),
            SubmitCommand.Create(env),
            BatchesCommand.Create(env),
            WorkbenchCommand.Create(env),
            QuestionsCommand.Create(env),
            SeedCommand.Create(env),
            AuditCommand.Create(env),
            ClinicsCommand.Create(env),
            IngestCommand.Create(env),
            BenchCommand.Create(env),
            CodesCommand.Create(env),
            ScrubCommand.Create(env),
            PatientsCommand.Create(env),
            KeysCommand.Create(env),
            GdprCommand.Create(env),
            RemitCommand.Create(env),
            StatementsCommand.Create(env),
            PaymentsCommand.Create(env),
            FilingCommand.Create(env),
            FeesCommand.Create(env),
            DenialsCommand.Create(env),
            AppealsCommand.Create(env),
            ContractsCommand.Create(env),
            ProductivityCommand.Create(env),
            QaCommand.Create(env),
            KpisCommand.Create(env),
            ReportsCommand.Create(env),
            InvoicesCommand.Create(env),
            JobsCommand.Create(env),
        };
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<ClaimsDatabaseSettings> settings, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var env = new CliEnvironment(output, error, settings, time);
        var root = BuildRoot(env);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) await error.WriteLineAsync($"error: {parseError.Message}");
            await error.WriteLineAsync("Run 'claims --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

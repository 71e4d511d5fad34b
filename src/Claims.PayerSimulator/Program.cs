using System.Globalization;
using Claims.PayerSimulator;
using Claims.Submission;
using Microsoft.Extensions.Logging.Abstractions;

// claims-payer-simulator --mailbox DIR | --sftp sftp://user@host:port/path --key FILE|--password P --host-key SHA256:...
//                        [--once] [--seed N] [--denial-rate 0.2] [--denials 50:2,97:2,16:2,29,197,18] [--interval 5]
var values = new Dictionary<string, string>(StringComparer.Ordinal);
var once = false;
for (var i = 0; i < args.Length; i++)
{
    var arg = args[i];
    if (arg is "--once") once = true;
    else if (arg is "-h" or "--help") return Usage(null);
    else if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) values[arg] = args[++i];
    else return Usage($"unknown argument '{arg}'");
}
try
{
    var options = new SimulatorOptions();
    if (values.TryGetValue("--seed", out var seed)) options = options with { Seed = int.Parse(seed, CultureInfo.InvariantCulture) };
    if (values.TryGetValue("--denial-rate", out var rate)) options = options with { DenialRate = double.Parse(rate, CultureInfo.InvariantCulture) };
    if (values.TryGetValue("--denials", out var mix)) options = options with { DenialMix = SimulatorOptions.ParseMix(mix) };
    IClearinghouseMailbox mailbox = values.TryGetValue("--mailbox", out var dir)
        ? new FolderMailbox(dir)
        : values.TryGetValue("--sftp", out var uri)
            ? SftpMailbox.FromUri(new Uri(uri), values.GetValueOrDefault("--key"), values.GetValueOrDefault("--password"), values.GetValueOrDefault("--host-key"))
            : throw new FormatException("give --mailbox DIR or --sftp URI");
    var simulator = new ClearinghouseSimulator(options, TimeProvider.System, NullLogger.Instance);
    if (once)
    {
        var round = await simulator.AnswerOnceAsync(mailbox);
        Console.WriteLine($"Answered {round.Files} file(s): {round.Claims} claims, {round.Accepted} accepted, {round.Rejected} rejected; wrote {string.Join(", ", round.Written)}");
        return 0;
    }
    var interval = TimeSpan.FromSeconds(values.TryGetValue("--interval", out var seconds) ? double.Parse(seconds, CultureInfo.InvariantCulture) : 5);
    Console.WriteLine($"Watching {mailbox.Describe} every {interval.TotalSeconds} s (Ctrl+C stops).");
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    try
    {
        await simulator.RunAsync(mailbox, interval, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
    return 0;
}
catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException or UriFormatException)
{
    return Usage(ex.Message);
}

static int Usage(string? error)
{
    if (error is not null) Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine("usage: claims-payer-simulator --mailbox DIR | --sftp sftp://user@host:port/path (--key FILE | --password P) --host-key SHA256:FP");
    Console.Error.WriteLine("                              [--once] [--seed N] [--denial-rate 0.2] [--denials 50:2,97:2,16:2,29,197,18] [--interval SECONDS]");
    return error is null ? 0 : 2;
}

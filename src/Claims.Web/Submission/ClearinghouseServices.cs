using Claims.PayerSimulator;
using Claims.Submission;

namespace Claims.Web.Submission;

/// <summary>
/// The clearinghouse for the web host: the <c>Submission</c> settings and mailbox (its answers are fetched by the
/// mailbox-fetch background job, <see cref="Jobs.JobServices"/>), and, in Development with a folder mailbox (or
/// when <c>Submission:Simulator</c> is true), the payer simulator answering that mailbox in-process, so a biller can
/// submit and watch 999, 277CA and 835 files arrive.
/// </summary>
internal static class ClearinghouseServices
{
    public static WebApplicationBuilder AddClearinghouse(this WebApplicationBuilder builder, string home)
    {
        var config = builder.Configuration;
        var settings = SubmissionSettings.From(key => config[key], home);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => ClearinghouseMailboxes.Open(settings));
        var isFolder = !settings.Mailbox.StartsWith("sftp://", StringComparison.OrdinalIgnoreCase);
        if (config.GetValue("Submission:Simulator", builder.Environment.IsDevelopment() && isFolder))
        {
            builder.Services.AddHostedService<SimulatorService>();
        }
        // Fetching the clearinghouse's answers is the mailbox-fetch background job (Jobs/JobServices), run by one instance.
        return builder;
    }

    /// <summary>The simulator over the configured mailbox, every five seconds.</summary>
    private sealed class SimulatorService(IClearinghouseMailbox mailbox, IConfiguration config, ILogger<SimulatorService> logger) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var options = new SimulatorOptions { Seed = config.GetValue("Submission:SimulatorSeed", new SimulatorOptions().Seed) };
            logger.LogInformation("Payer simulator answering {Mailbox}", mailbox.Describe);
            return new ClearinghouseSimulator(options, TimeProvider.System, logger).RunAsync(mailbox, TimeSpan.FromSeconds(5), stoppingToken);
        }
    }
}

using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Submission;

namespace Claims.Web.Submission;

/// <summary>
/// The clearinghouse for the web host: the <c>Submission</c> settings and mailbox, a worker that fetches the
/// clearinghouse's answers every <c>Submission:FetchSeconds</c> (15), and, in Development with a folder mailbox (or
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
        if (config.GetValue("Submission:Fetch", !builder.Environment.IsEnvironment("Testing")))
        {
            builder.Services.AddHostedService<FetchService>();
        }
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

    /// <summary>Fetches the clearinghouse's new files (each once) through the submission use case.</summary>
    private sealed class FetchService(IServiceScopeFactory scopes, IConfiguration config, ILogger<FetchService> logger) : BackgroundService
    {
        private static readonly Caller System = new(new Actor("system:clearinghouse-fetch", ClaimRole.Biller), new AuditOrigin("clearinghouse", null));

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.GetValue("Submission:FetchSeconds", 15)));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var received = await scope.ServiceProvider.GetRequiredService<Claims.Submission.Submissions>().FetchAnswersAsync(System, stoppingToken);
                    if (received.Count > 0) logger.LogInformation("Fetched {Count} clearinghouse file(s)", received.Count);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ClaimsDomainException or Renci.SshNet.Common.SshException or Microsoft.EntityFrameworkCore.DbUpdateException)
                {
                    logger.LogWarning("Fetching clearinghouse files failed ({ExceptionType}); trying again later", ex.GetType().Name);
                }
            }
        }
    }
}

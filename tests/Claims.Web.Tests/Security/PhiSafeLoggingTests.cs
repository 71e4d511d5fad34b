using Claims.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Claims.Web.Tests.Security;

/// <summary>
/// The app's log filter: whatever provider writes the log, an exception reaches it as its type and throwing method,
/// never its message or stack, and a framework template that embeds the exception text is withheld too.
/// </summary>
public sealed class PhiSafeLoggingTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Phi = "Atencio";

    private static FormatException Thrown()
    {
        try
        {
            throw new FormatException($"Value '{Phi}' is not a correct code", new InvalidOperationException($"MRN {Phi}-42"));
        }
        catch (FormatException ex)
        {
            return ex;
        }
    }

    [Fact]
    public void An_exception_logged_through_the_app_reaches_every_provider_as_its_type_and_method_only()
    {
        var log = new CapturedLog();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Test.Category");
        var exception = Thrown();

        logger.LogError(exception, "Saving failed: {Error}", exception.ToString());
        logger.LogInformation("Claim {ClaimId} moved", Guid.Empty);

        Assert.DoesNotContain(Phi, log.Text, StringComparison.Ordinal);
        Assert.Contains("FormatException in PhiSafeLoggingTests.Thrown, caused by InvalidOperationException", log.Text, StringComparison.Ordinal);
        Assert.Contains($"Claim {Guid.Empty} moved", log.Text, StringComparison.Ordinal);
    }
}

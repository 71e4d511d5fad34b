namespace Claims.Web.Tests.Browser;

/// <summary>
/// The two-instance browser flow: runs when CLAIMS_TEST_POSTGRES names a PostgreSQL server and Debian's Chromium is
/// installed (.ci/run provides both), else skips with the reason.
/// </summary>
public sealed class TwoInstanceFactAttribute : FactAttribute
{
    public TwoInstanceFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TwoInstanceFixture.PostgresVariable)))
        {
            Skip = $"{TwoInstanceFixture.PostgresVariable} is not set: no PostgreSQL server for two instances to share (.ci/run starts one).";
        }
        else if (!File.Exists(BrowserFixture.Chromium))
        {
            Skip = $"{BrowserFixture.Chromium} is not installed (apt-get install chromium; .ci/run does).";
        }
    }

    /// <summary>True when both the server and the browser are there (the fixture starts nothing otherwise).</summary>
    public static bool CanRun =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TwoInstanceFixture.PostgresVariable)) && File.Exists(BrowserFixture.Chromium);
}

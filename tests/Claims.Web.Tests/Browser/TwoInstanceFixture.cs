using System.Diagnostics;
using System.Security.Cryptography;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Playwright;
using Npgsql;

namespace Claims.Web.Tests.Browser;

/// <summary>
/// Two web instances on one scratch PostgreSQL database, as two real processes on two ports of one address
/// (compliance/operations.md, "Several instances on one PostgreSQL"): each has its own CLAIMS_HOME holding a copy of
/// the same sealed key ring under the same master key; they share the clearinghouse mailbox folder and the audit
/// witness file, as the operations notes ask. Both start at once on the empty database; one of them seeds the demo
/// as a first start does, the other waits for it under the first-start lock. The processes' output goes to
/// <c>two-instances/instance-*.log</c> beside the test binaries; disposing kills both process trees and drops the database.
/// </summary>
public sealed class TwoInstanceFixture : IAsyncLifetime
{
    public const string PostgresVariable = "CLAIMS_TEST_POSTGRES";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "claims-two-instances", Guid.NewGuid().ToString("N"));
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<WebInstance> _instances = [];
    private IPlaywright? _playwright;
    private bool _disposed;

    public static string LogFolder { get; } = Path.Combine(AppContext.BaseDirectory, "two-instances");

    public string ConnectionString { get; private set; } = "";

    internal WebInstance A => _instances[0];

    internal WebInstance B => _instances[1];

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>How long each instance took from the common start to a healthy /healthz (migrating, seeding or waiting included).</summary>
    public IReadOnlyList<TimeSpan> StartTimes { get; private set; } = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string Home(string name) => Path.Combine(_root, name);

    private string Shared => Path.Combine(_root, "shared");

    public async Task InitializeAsync()
    {
        if (!TwoInstanceFactAttribute.CanRun) return;
        ConnectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable))
        {
            Database = "claims_two_" + Guid.NewGuid().ToString("N")[..12],
        }.ToString();
        Directory.CreateDirectory(Shared);
        try
        {
            // The key ring is provisioned before the first start, as a deployment does: made once (sealed under the
            // master key) and copied to each host (operations.md).
            _ = KeyRing();
            // The database exists, empty, as its administrator creates it: two instances racing to CREATE DATABASE is
            // not a case a deployment has.
            await using (var db = NewContext()) await db.Database.GetService<IRelationalDatabaseCreator>().CreateAsync();
            var keys = Directory.CreateDirectory(Path.Combine(Home("b"), "keys"));
            File.Copy(Path.Combine(Home("a"), "keys", "keyring"), Path.Combine(keys.FullName, "keyring"));

            // Both at once on the empty database, as two replicas of a new deployment: one seeds under the first-start
            // lock, the other waits for it and finds the work done.
            var started = Stopwatch.GetTimestamp();
            _instances.Add(WebInstance.Start("a", Settings("a", simulator: true), LogFolder));
            _instances.Add(WebInstance.Start("b", Settings("b", simulator: false), LogFolder));
            StartTimes = await Task.WhenAll(_instances.Select(async i =>
            {
                await i.WaitHealthyAsync(Http, StartTimeout);
                return Stopwatch.GetElapsedTime(started);
            }));

            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserFixture.Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: never leave processes or a database behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What a service manager would set on each host. Development, as on a first try of the product: demo data and
    /// users on first start, the static assets from the build. Only instance a runs the demo payer simulator over the
    /// shared mailbox (two simulators would answer every file twice); the background jobs run on both, ticking every
    /// second and fetching the mailbox every two, so the test does not wait long for the payer's answers.
    /// </summary>
    private Dictionary<string, string> Settings(string name, bool simulator) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["CLAIMS_HOME"] = Home(name),
        ["CLAIMS_MASTER_KEY"] = _masterKey,
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = ConnectionString,
        ["Demo__Patients"] = "40",
        ["Demo__ActivityMonths"] = "0",
        ["Demo__Password"] = ClaimsWebFactory.DemoPassword,
        ["Demo__AuthenticatorKey"] = ClaimsWebFactory.DemoAuthenticatorKey,
        ["Jobs__Instance"] = "instance-" + name,
        ["Jobs__TickSeconds"] = "1",
        ["Submission__FetchSeconds"] = "2",
        ["Submission__Mailbox"] = Path.Combine(Shared, "clearinghouse"),
        ["Submission__Simulator"] = simulator ? "true" : "false",
        ["Audit__WitnessPath"] = Path.Combine(Shared, "audit-witness.log"),
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
    };

    /// <summary>A context on the shared database, for the checks the pages cannot show (job runs, the raw chain).</summary>
    public ClaimsDbContext NewContext() =>
        new(ClaimsDatabase.Options(new ClaimsDatabaseSettings(DatabaseProvider.Postgres, ConnectionString, Home("a")), TimeProvider.System));

    /// <summary>The key ring the instances share (instance a's copy), opened with their master key.</summary>
    public FileKeyRing KeyRing() => FileKeyRing.Open(Home("a"), _masterKey);

    public async Task DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var instance in _instances) await instance.DisposeAsync();
        if (_playwright is not null)
        {
            if (Browser is not null) await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        Http.Dispose();
        if (ConnectionString.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var db = NewContext();
            await PostgresScratch.DropAsync(db);
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

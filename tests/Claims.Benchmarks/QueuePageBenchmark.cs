using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Claims.Domain;
using Claims.Coding;
using Claims.Demo;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.Benchmarks;

/// <summary>
/// Server time of the work-queue page at 100k claims (target: p95 at most 100 ms): a signed-in coder's GET /Queue
/// through the whole web host in memory (routing, cookie authentication, authorization, the page's queries, its
/// audited read with a signed checkpoint, Razor rendering), one request per iteration so the percentiles are per
/// request. The data is <see cref="BulkDemoSeeder"/>'s in a scratch home with a scratch key ring, seeded in each
/// benchmark's own process (CLAIMS_BENCH_CLAIMS overrides the count; BenchmarkDotNet's in-process toolchain is not
/// used because WebApplicationFactory cannot find the web project from there). <c>claims bench queue</c> times the
/// same query without the host.
/// </summary>
[Config(typeof(PercentileConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 10, iterationCount: 100)]
public class QueuePageBenchmark
{
    private static readonly Lazy<Task<Host>> Shared = new(() => Host.StartAsync(
        int.TryParse(Environment.GetEnvironmentVariable("CLAIMS_BENCH_CLAIMS"), CultureInfo.InvariantCulture, out var n) ? n : 100_000));

    private readonly Random _random = new(7);
    private Host _host = null!;

    [GlobalSetup]
    public void Setup() => _host = Shared.Value.GetAwaiter().GetResult();

    [Benchmark]
    public Task<string> FirstPage() => _host.GetAsync("/Queue");

    [Benchmark]
    public Task<string> ByClinic() => _host.GetAsync($"/Queue?Clinic={Pick(_host.Seeded.ClinicIds)}");

    [Benchmark]
    public Task<string> ByPayer() => _host.GetAsync($"/Queue?Payer={Pick(_host.Seeded.PayerIds)}");

    [Benchmark]
    public Task<string> ByState() => _host.GetAsync($"/Queue?State={Pick(WorkQueue.Workable)}");

    [Benchmark]
    public Task<string> ByServiceDates()
    {
        var from = _host.Today.AddDays(-_random.Next(14, 150));
        return _host.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/Queue?From={from:yyyy-MM-dd}&To={from.AddDays(13):yyyy-MM-dd}"));
    }

    [Benchmark]
    public Task<string> DeepKeysetPage() => _host.GetAsync($"/Queue?After={Pick(_host.DeepCursors)}");

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }

    /// <summary>The web host on a scratch home with the seeded claims, and a coder's signed-in client.</summary>
    internal sealed class Host : WebApplicationFactory<Program>
    {
        private const string Password = "Bench-Password-42";

        private Host(string home) => Home = home;

        public string Home { get; }

        public HttpClient Client { get; private set; } = null!;

        public BulkSeedResult Seeded { get; private set; } = null!;

        public IReadOnlyList<string> DeepCursors { get; private set; } = [];

        public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.UtcNow);

        public static async Task<Host> StartAsync(int claims)
        {
            var home = Directory.CreateTempSubdirectory("claims-queue-bench-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(home, recursive: true); } catch (IOException) { }
            };
            var host = new Host(home);
            var settings = ClaimsDatabaseSettings.Resolve(home);
            await using (var db = new ClaimsDbContext(ClaimsDatabase.Options(settings, TimeProvider.System), FileKeyRing.Open(home), TimeProvider.System))
            {
                await ClaimsDatabase.MigrateAsync(db);
                host.Seeded = await BulkDemoSeeder.SeedAsync(db, claims, DemoSeeder.DefaultSeed, TimeProvider.System, ["coder@demo.claims.local", "coder2@demo.claims.local"]);
                var workable = WorkQueue.Workable.Sum(s => host.Seeded.ClaimsByState[s]);
                var cursors = new List<string>();
                for (var i = 1; i <= 20; i++)
                {
                    var row = await db.Claims.AsNoTracking().Where(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold)
                        .OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Skip(workable * i / 21).Select(c => new { c.ServiceFrom, c.Id }).FirstAsync();
                    cursors.Add(string.Create(CultureInfo.InvariantCulture, $"{row.ServiceFrom:yyyy-MM-dd}_{row.Id}"));
                }
                host.DeepCursors = cursors;
            }
            host.Client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            await host.SignInAsync("coder@demo.claims.local");
            return host;
        }

        public async Task<string> GetAsync(string url)
        {
            using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Benchmark");
            builder.UseSetting("Claims:Home", Home);
            // The claims are there already, so the demo seed is skipped; only the demo users are created.
            builder.UseSetting("Demo:Password", Password);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        private async Task SignInAsync(string email)
        {
            var login = await Client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
            var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var response = await Client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = Password,
                ["__RequestVerificationToken"] = token,
            }));
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {email} answered {(int)response.StatusCode}");
        }
    }
}

using Claims.Demo;
using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Submission;

namespace Claims.IntegrationTests.Denials;

/// <summary>
/// A CLAIMS_HOME seeded with the demo data whose ready claims went through the payer simulator (denial rate 60 %, its
/// default denial mix: CO-50, CO-97, CO-16/MA130, CO-29, CO-197, CO-18) and whose 277CAs and 835s were posted. Shared by
/// the tests of one class; each test works on claims of its own CARC.
/// </summary>
public sealed class DenialsFixture : IAsyncLifetime
{
    public static readonly Caller Biller = Caller.FromCli(new Actor("biller@test", ClaimRole.Biller));

    public static readonly Caller Admin = Caller.FromCli(new Actor("admin@test", ClaimRole.Admin));

    public TestHome Home { get; } = new();

    public FolderMailbox Mailbox => new(Path.Combine(Home.Home, "clearinghouse"));

    public ClearinghouseRoundResult Round { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var db = await Home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, 160, DemoSeeder.DefaultSeed, Home.Time);
        Round = await DenialsDemo.RoundAsync(db, Home.Time, Mailbox, new SimulatorOptions { Seed = 7, DenialRate = 0.6 });
    }

    public Submissions Submissions(global::Claims.Persistence.ClaimsDbContext db) => new(db, Home.Time, new SubmissionSettings { Mailbox = "test" }, Mailbox);

    public Task DisposeAsync()
    {
        Home.Dispose();
        return Task.CompletedTask;
    }
}

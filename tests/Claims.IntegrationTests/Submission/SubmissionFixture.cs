using Claims.Demo;
using Claims.Domain;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Submission;

/// <summary>A CLAIMS_HOME seeded with the demo data (encrypted PHI), a folder mailbox in it, and the submission use case.</summary>
internal sealed class SubmissionFixture : IDisposable
{
    public static readonly Caller Biller = Caller.FromCli(new Actor("biller@test", ClaimRole.Biller));

    private SubmissionFixture(TestHome home)
    {
        Home = home;
        Mailbox = new FolderMailbox(Path.Combine(home.Home, "clearinghouse"));
    }

    public TestHome Home { get; }

    public FolderMailbox Mailbox { get; }

    public SubmissionSettings Settings { get; } = new() { Mailbox = "unused: the tests pass the mailbox" };

    public static async Task<SubmissionFixture> SeedAsync(int patients = 60)
    {
        var fixture = new SubmissionFixture(new TestHome());
        await using var db = await fixture.Home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, patients, DemoSeeder.DefaultSeed, fixture.Home.Time);
        return fixture;
    }

    public Submissions Submissions(ClaimsDbContext db, IClearinghouseMailbox? mailbox = null) => new(db, Home.Time, Settings, mailbox ?? Mailbox);

    public async Task<int> CountAsync(ClaimState state)
    {
        await using var db = Home.NewContext();
        return await db.Claims.CountAsync(c => c.State == state && c.PayerId != null);
    }

    public void Dispose() => Home.Dispose();
}

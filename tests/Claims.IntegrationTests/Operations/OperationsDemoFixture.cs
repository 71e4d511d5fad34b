using Claims.Demo;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Operations;

/// <summary>
/// One seeded database for the operations tests: four months of demo activity through submission, the payer simulator
/// and posting, plus the plain demo seeder's hand-moved claims (every state, no ledger rows), on 2026-11-22.
/// </summary>
public sealed class OperationsDemoFixture : IAsyncLifetime
{
    public TestHome Home { get; } = new();

    public DemoActivityResult Activity { get; private set; } = null!;

    public Guid ClinicId { get; private set; }

    public static Caller Admin { get; } = Caller.FromCli(new Actor("test-admin", ClaimRole.Admin));

    public static Caller Biller { get; } = Caller.FromCli(new Actor("test-biller", ClaimRole.Biller));

    public ClaimsDbContext Open(TimeProvider? time = null) => new(ClaimsDatabase.Options(Home.Settings, time ?? Home.Time), Home.KeyRing, time ?? Home.Time);

    public async Task InitializeAsync()
    {
        await using (var db = await Home.MigratedContextAsync())
        {
            Activity = await DemoActivitySeeder.SeedAsync(clock => Open(clock), Home.Time, months: 4, claimsPerWeek: 8);
        }
        await using (var db = Open())
        {
            await DemoSeeder.SeedAsync(db, 30, DemoSeeder.DefaultSeed, Home.Time);
            ClinicId = await db.Clinics.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
        }
    }

    public Task DisposeAsync()
    {
        Home.Dispose();
        return Task.CompletedTask;
    }
}

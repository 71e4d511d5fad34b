using Claims.Demo;
using Claims.Domain;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Submission;

public sealed class PostgresSubmissionTests
{
    [PostgresFact]
    public async Task On_postgres_concurrent_batches_get_distinct_control_numbers_and_take_each_claim_once()
    {
        using var home = new TestHome();
        var baseConnection = Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")!;
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(baseConnection) { Database = "claims_test_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, home.Home);
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, home.Time), home.KeyRing, home.Time);
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            await DemoSeeder.SeedAsync(setup, 120, DemoSeeder.DefaultSeed, home.Time);
        }
        try
        {
            var ready = 0;
            await using (var db = NewContext()) ready = await db.Claims.CountAsync(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null);
            var mailbox = new FolderMailbox(Path.Combine(home.Home, "clearinghouse"));
            async Task<SubmissionRun?> RunAsync()
            {
                await using var db = NewContext();
                try
                {
                    return await new Submissions(db, home.Time, new SubmissionSettings(), mailbox).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
                }
                catch (ConcurrencyConflictException)
                {
                    return null; // the other run took the same claims first: nothing of this one was committed
                }
            }
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)));
            await RunAsync();

            await using var check = NewContext();
            var batches = await check.SubmissionBatches.ToListAsync();
            Assert.NotEmpty(batches);
            Assert.Equal(batches.Count, batches.Select(b => b.InterchangeControlNumber).Distinct().Count());
            Assert.Equal(ready, await check.SubmissionBatchClaims.CountAsync());
            Assert.Equal(ready, await check.SubmissionBatchClaims.Select(c => c.ClaimId).Distinct().CountAsync());
            Assert.Equal(0, await check.Claims.CountAsync(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null));
        }
        finally
        {
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }
}

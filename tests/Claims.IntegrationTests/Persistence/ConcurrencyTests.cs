using Claims.Domain;
using Claims.Demo;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Persistence;

public sealed class ConcurrencyTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_concurrent_updates_of_one_claim_on_a_sqlite_file_one_wins_and_the_other_gets_a_conflict()
    {
        using var home = new TestHome();
        await using (var setup = await home.MigratedContextAsync()) await DemoSeeder.SeedAsync(setup, 10, 1, home.Time);
        await ConflictScenarioAsync(home.NewContext);
    }

    [PostgresFact]
    public async Task Two_concurrent_updates_of_one_claim_on_postgres_one_wins_and_the_other_gets_a_conflict()
    {
        var baseConnection = Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")!;
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(baseConnection) { Database = "claims_test_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, TimeProvider.System));
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            Assert.Empty(await setup.Database.GetPendingMigrationsAsync());
            await DemoSeeder.SeedAsync(setup, 10, 1, TimeProvider.System);
        }
        try
        {
            await ConflictScenarioAsync(NewContext);
        }
        finally
        {
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }

    private static async Task ConflictScenarioAsync(Func<ClaimsDbContext> newContext)
    {
        Guid id;
        await using (var db = newContext()) id = await db.Claims.Where(c => c.State == ClaimState.Received).Select(c => c.Id).FirstAsync();

        await using var alice = newContext();
        await using var bob = newContext();
        var aliceCopy = await alice.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        var bobCopy = await bob.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);

        aliceCopy.Fire(ClaimTrigger.StartCoding, new Actor("alice", ClaimRole.Coder), null, At);
        await alice.SaveChangesAsync();

        bobCopy.SetDiagnoses([Icd10Code.Parse("I10")]);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => bob.SaveChangesAsync());
        Assert.Contains(id.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Contains("changed by someone else", conflict.Message, StringComparison.Ordinal);

        // Alice's change is intact and Bob's was not half-applied.
        await using (var check = newContext())
        {
            var stored = await check.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
            Assert.Equal(ClaimState.Coding, stored.State);
            Assert.Single(stored.History);
            Assert.NotEqual(["I10"], stored.Diagnoses.Select(d => d.Code.Value));
            Assert.Equal(aliceCopy.Version, stored.Version);
        }

        // Bob reloads and retries: now it goes through, and nothing of Alice's is lost.
        await using var retry = newContext();
        var fresh = await retry.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        fresh.SetDiagnoses([Icd10Code.Parse("I10")]);
        await retry.SaveChangesAsync();
        await using var final = newContext();
        var result = await final.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        Assert.Equal((ClaimState.Coding, 1), (result.State, result.History.Count));
        Assert.Equal(["I10"], result.Diagnoses.Select(d => d.Code.Value));
    }

    [Fact]
    public async Task A_claim_round_trips_through_the_database_with_every_value_intact()
    {
        using var home = new TestHome();
        await using var db = await home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, 3, 5, home.Time);
        var clinic = await db.Clinics.FirstAsync();
        var patient = await db.Patients.FirstAsync();
        var claim = new Claim(ClaimControlNumber.Parse("C26326ROUNDTRIP"), clinic.Id, patient.Id, null, null, clinic.Npi, null,
            new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), PlaceOfService.Parse("22"));
        claim.SetDiagnoses([Icd10Code.Parse("S93.401A"), Icd10Code.Parse("M25.561")]);
        claim.AddLine(ProcedureCode.Parse("20610"), [Modifier.Parse("RT"), Modifier.Parse("59")], 1, Money.Of(140.25m), [1, 2], new DateOnly(2026, 11, 21));
        claim.AddLine(ProcedureCode.Parse("J1885"), [], 2, Money.Of(36m), [2]);
        db.Claims.Add(claim);
        await db.SaveChangesAsync();

        await using var read = home.NewContext();
        var stored = await read.Claims.SingleAsync(c => c.Id == claim.Id);
        Assert.Equal("C26326ROUNDTRIP", stored.ControlNumber.Value);
        Assert.Equal(["S93401A", "M25561"], stored.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Value));
        var lines = stored.Lines.OrderBy(l => l.LineNumber).ToList();
        Assert.Equal(["RT", "59"], lines[0].Modifiers.Select(m => m.Value));
        Assert.Equal([1, 2], lines[0].DiagnosisPointers);
        Assert.Equal(Money.Of(140.25m), lines[0].Charge);
        Assert.Equal(ProcedureCodeSystem.Hcpcs, lines[1].Code.System);
        Assert.Equal(Money.Of(176.25m), stored.TotalCharge);
        Assert.Equal("22", stored.PlaceOfService.Code);
        Assert.Null(stored.PayerId);
        Assert.Equal(home.Time.GetUtcNow(), stored.CreatedAt);
    }
}

using Claims.Demo;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Persistence;

public sealed class RowInsertsPostgresTests
{
    [PostgresFact]
    public async Task Rows_inserted_untracked_on_postgres_arrive_whole_over_several_multi_row_statements_nulls_included_and_roll_back_with_their_transaction()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")) { Database = "claims_rows_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, TimeProvider.System));
        List<Guid> claims;
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            await BulkDemoSeeder.SeedAsync(setup, 7, DemoSeeder.DefaultSeed, TimeProvider.System, ["seed-coder"]);
            claims = await setup.Claims.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }
        try
        {
            // 1,201 rows: more than one statement's worth (500 rows each), with optional columns left empty on every third.
            var rows = Enumerable.Range(0, 1201).Select(i => new ClaimClinicalItem(claims[i % claims.Count], 1000 + i,
                new ClinicalEntry(ClinicalKind.Procedure, i % 3 == 0 ? null : "http://snomed.info/sct", "C" + i, i % 3 == 0 ? null : "Item " + i, i % 3 == 0 ? null : Money.FromCents(i)))).ToList();
            await using (var db = NewContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                Assert.Equal(1201, await RowInserts.InsertAsync(db, rows, DateTimeOffset.UtcNow, ignoreConflicts: false, default));
                await transaction.CommitAsync();
            }
            await using (var check = NewContext())
            {
                var stored = await check.ClaimClinicalItems.AsNoTracking().Where(i => i.Sequence >= 1000).OrderBy(i => i.Sequence).ToListAsync();
                Assert.Equal(rows.Select(r => (r.ClaimId, r.Sequence, r.System, r.Code, r.Display, r.Charge)), stored.Select(r => (r.ClaimId, r.Sequence, r.System, r.Code, r.Display, r.Charge)));
            }

            // A failing row (no such claim) fails the whole insert, and the transaction leaves nothing behind.
            var broken = rows.Take(600).Select(r => new ClaimClinicalItem(r.ClaimId, r.Sequence + 5000, new ClinicalEntry(r.Kind, r.System, r.Code, r.Display, r.Charge)))
                .Append(new ClaimClinicalItem(Guid.NewGuid(), 9999, new ClinicalEntry(ClinicalKind.Procedure, null, "X", null, null))).ToList();
            await using (var db = NewContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await Assert.ThrowsAsync<DbUpdateException>(() => RowInserts.InsertAsync(db, broken, DateTimeOffset.UtcNow, ignoreConflicts: false, default));
            }
            await using (var check = NewContext()) Assert.Equal(0, await check.ClaimClinicalItems.CountAsync(i => i.Sequence >= 6000));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }
}

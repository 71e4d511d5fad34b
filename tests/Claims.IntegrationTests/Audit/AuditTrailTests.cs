using Claims.Audit;
using Claims.Domain;
using Claims.Demo;
using Claims.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Audit;

/// <summary>The audit trail on a real SQLite file: written with the change, verified, tampered with through raw SQL.</summary>
public sealed class AuditTrailTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task SeedAsync(int patients = 15)
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, patients, 3, _home.Time);
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = _home.NewContext();
        return await AuditVerifier.VerifyAsync(db, _home.KeyRing);
    }

    private void RawSql(string sql)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={_home.DatabaseFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, $"the tampering statement changed nothing: {sql}");
    }

    private async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, args);
    }

    [Fact]
    public async Task Creating_and_moving_claims_writes_one_chained_entry_per_claim_and_per_transition()
    {
        await SeedAsync();

        await using var db = _home.NewContext();
        var claims = await db.Claims.CountAsync();
        var transitions = await db.ClaimEvents.CountAsync();
        // The seed also sets each clinic's fee schedule through its (audited) import; those entries are not about claims.
        Assert.Equal(claims + transitions, await db.AuditEntries.CountAsync(e => e.EntityType == "Claim"));
        Assert.Equal(transitions, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Transition));
        Assert.True((await VerifyAsync()).Intact);
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details).ToListAsync(), d => d != null && d.Contains("reason", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_transition_and_its_audit_entry_commit_together_or_not_at_all()
    {
        await SeedAsync();
        Guid id;
        await using (var db = _home.NewContext()) id = await db.Claims.Where(c => c.State == ClaimState.Received).Select(c => c.Id).FirstAsync();
        var before = await CountAsync();

        await using var winner = _home.NewContext();
        await using var loser = _home.NewContext();
        var a = await winner.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        var b = await loser.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        a.Fire(ClaimTrigger.StartCoding, new Actor("alice", ClaimRole.Coder), null, _home.Time.GetUtcNow());
        await winner.SaveChangesAsync();
        b.Fire(ClaimTrigger.StartCoding, new Actor("bob", ClaimRole.Coder), null, _home.Time.GetUtcNow());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => loser.SaveChangesAsync());

        await using var check = _home.NewContext();
        Assert.Equal(before + 1, await check.AuditEntries.CountAsync());
        Assert.Equal("alice", (await check.AuditEntries.OrderBy(e => e.Sequence).LastAsync()).ActorId);
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_application_refuses_to_change_or_delete_an_audit_row()
    {
        await SeedAsync(3);
        await using var db = _home.NewContext();
        var entry = await db.AuditEntries.OrderBy(e => e.Sequence).FirstAsync();
        db.Entry(entry).Property(e => e.Details).CurrentValue = "rewritten";
        await Assert.ThrowsAsync<AuditAppendOnlyException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.OrderBy(e => e.Sequence).FirstAsync());
        await Assert.ThrowsAsync<AuditAppendOnlyException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_row_changed_through_raw_sql_is_named_by_its_sequence()
    {
        await SeedAsync();
        RawSql("UPDATE audit_entries SET ActorId = 'mallory' WHERE Sequence = 17");

        var result = await VerifyAsync();

        Assert.Equal(("modified", 17L), (result.Problem?.Kind, result.Problem?.Sequence));
        var (exit, _, error) = await CliAsync("audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("sequence 17", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_deleted_through_raw_sql_is_named_by_its_sequence()
    {
        await SeedAsync();
        RawSql("DELETE FROM audit_entries WHERE Sequence = 9");

        var result = await VerifyAsync();

        Assert.Equal(("missing", 9L), (result.Problem?.Kind, result.Problem?.Sequence));
    }

    [Fact]
    public async Task A_removed_tail_is_detected_as_truncation()
    {
        await SeedAsync();
        var count = await CountAsync();
        RawSql($"DELETE FROM audit_entries WHERE Sequence > {count - 3}");

        var result = await VerifyAsync();

        Assert.Equal(("truncated", count - 2), (result.Problem?.Kind, result.Problem?.Sequence));
    }

    [Fact]
    public async Task Rows_reordered_through_raw_sql_are_detected()
    {
        await SeedAsync();
        RawSql("UPDATE audit_entries SET Sequence = -1 WHERE Sequence = 5; UPDATE audit_entries SET Sequence = 5 WHERE Sequence = 6; UPDATE audit_entries SET Sequence = 6 WHERE Sequence = -1;");

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(5L, result.Problem!.Sequence);
    }

    [Fact]
    public async Task Entries_added_around_the_application_are_detected()
    {
        await SeedAsync(3);
        var count = await CountAsync();
        await using (var db = _home.NewContext())
        {
            var last = await db.AuditEntries.OrderBy(e => e.Sequence).LastAsync();
            var forged = AuditWriter.Link(new AuditRecord("mallory", "Admin", AuditAction.Read, "Claim", "x"), count + 1, last.Hash, _home.Time.GetUtcNow());
            RawSql($"INSERT INTO audit_entries (Sequence, Time, ActorId, ActorRole, Action, EntityType, EntityId, Outcome, PurposeOfUse, PreviousHash, Hash) VALUES ({forged.Sequence}, 0, 'mallory', 'Admin', 'Read', 'Claim', 'x', 'Success', 'TREAT', '{forged.PreviousHash}', '{forged.Hash}')");
        }

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(count + 1, result.Problem!.Sequence);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("ndjson")]
    [InlineData("fhir")]
    public async Task Exports_verify_offline_and_an_edited_entry_is_named(string format)
    {
        await SeedAsync(5);
        var file = Path.Combine(_home.Home, $"trail.{format}");
        var (exit, output, error) = await CliAsync("audit", "export", "--format", format, "--out", file);
        Assert.True(exit == 0, error);
        Assert.Contains("Exported", output, StringComparison.Ordinal);

        var (ok, verified, _) = await CliAsync("audit", "verify", "--export", file);
        Assert.Equal(0, ok);
        Assert.Contains("chain intact", verified, StringComparison.Ordinal);

        // Edit entry 7's actor in place, whatever the format.
        var text = await File.ReadAllTextAsync(file);
        var lines = text.Split('\n').ToList();
        var index = lines.FindIndex(l => format switch
        {
            "csv" => l.StartsWith("7,", StringComparison.Ordinal),
            "ndjson" => l.StartsWith("{\"sequence\":7,", StringComparison.Ordinal),
            _ => l.Contains("\"id\":\"audit-7\"", StringComparison.Ordinal),
        });
        Assert.True(index >= 0, "entry 7 not found in the export");
        lines[index] = lines[index].Replace("system:intake", "system:intakE", StringComparison.Ordinal).Replace("demo:", "dEmo:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, string.Join('\n', lines));

        var (bad, _, complaint) = await CliAsync("audit", "verify", "--export", file);
        Assert.Equal(1, bad);
        Assert.Contains("sequence 7", complaint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_with_a_line_removed_or_a_changed_manifest_fails_verification()
    {
        await SeedAsync(5);
        var file = Path.Combine(_home.Home, "trail.ndjson");
        await CliAsync("audit", "export", "--format", "ndjson", "--out", file);
        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        var manifest = await File.ReadAllTextAsync(AuditManifest.ManifestPath(file));

        await File.WriteAllLinesAsync(file, lines.Where((_, i) => i != 3));
        var (exit, _, error) = await CliAsync("audit", "verify", "--export", file);
        Assert.Equal(1, exit);
        Assert.Contains("sequence 4", error, StringComparison.Ordinal);

        await File.WriteAllLinesAsync(file, lines);
        await File.WriteAllTextAsync(AuditManifest.ManifestPath(file), manifest.Replace("\"count\": ", "\"count\": 1", StringComparison.Ordinal));
        (exit, _, error) = await CliAsync("audit", "verify", "--export", file);
        Assert.Equal(1, exit);
        Assert.Contains("signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filtered_export_holds_only_that_patients_entries_and_still_verifies()
    {
        await SeedAsync(8);
        string pseudonym;
        await using (var db = _home.NewContext()) pseudonym = await db.AuditEntries.Where(e => e.PatientPseudonym != null).Select(e => e.PatientPseudonym!).FirstAsync();
        var file = Path.Combine(_home.Home, "patient.ndjson");

        var (exit, _, error) = await CliAsync("audit", "export", "--format", "ndjson", "--out", file, "--patient", pseudonym);
        Assert.True(exit == 0, error);

        var lines = await File.ReadAllLinesAsync(file);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains($"\"patientPseudonym\":\"{pseudonym}\"", l, StringComparison.Ordinal));
        Assert.Equal(0, (await CliAsync("audit", "verify", "--export", file)).Exit);
    }

    [Fact]
    public async Task Showing_a_claim_writes_a_read_entry_and_who_lists_it()
    {
        await SeedAsync(5);
        Guid id;
        string pseudonym;
        await using (var db = _home.NewContext())
        {
            var claim = await db.Claims.FirstAsync();
            id = claim.Id;
            pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync();
        }
        var before = await CountAsync();

        Assert.Equal(0, (await CliAsync("show", id.ToString())).Exit);

        await using (var db = _home.NewContext())
        {
            var read = await db.AuditEntries.OrderBy(e => e.Sequence).LastAsync();
            Assert.Equal(before + 1, read.Sequence);
            Assert.Equal((AuditAction.Read, id.ToString(), pseudonym), (read.Action, read.EntityId, read.PatientPseudonym));
        }
        var (exit, output, _) = await CliAsync("audit", "who", "--patient", pseudonym, "--json");
        Assert.Equal(0, exit);
        Assert.Contains("\"action\": \"Read\"", output, StringComparison.Ordinal);
        Assert.True((await VerifyAsync()).Intact);
    }

    [PostgresFact]
    public async Task On_postgres_the_chain_verifies_and_a_trigger_refuses_updates_and_deletes()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")) { Database = "claims_audit_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, _home.Home);
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, _home.Time), _home.KeyRing, _home.Time);
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            await DemoSeeder.SeedAsync(setup, 10, 3, _home.Time);
        }
        try
        {
            await using (var db = NewContext())
            {
                Assert.True((await AuditVerifier.VerifyAsync(db, _home.KeyRing)).Intact);
                var update = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"ActorId\" = 'mallory' WHERE \"Sequence\" = 3"));
                Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
                await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 3"));
                await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_checkpoints"));
            }
            await using var again = NewContext();
            Assert.True((await AuditVerifier.VerifyAsync(again, _home.KeyRing)).Intact);
        }
        finally
        {
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }

    private async Task<long> CountAsync()
    {
        await using var db = _home.NewContext();
        return await db.AuditEntries.LongCountAsync();
    }
}

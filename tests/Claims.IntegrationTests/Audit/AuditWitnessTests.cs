using Claims.Audit;
using Claims.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Audit;

/// <summary>
/// The witness outside the database: every committed checkpoint is one line of CLAIMS_HOME/audit-witness.log, and
/// `claims audit verify` compares the database's newest checkpoint with it, so a tail deleted together with its
/// checkpoints (which the database alone still verifies) is caught.
/// </summary>
public sealed class AuditWitnessTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private string WitnessFile => Path.Combine(_home.Home, AuditWitnessOptions.DefaultFileName);

    private async Task SeedAsync(int patients = 5)
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, patients, 3, _home.Time);
    }

    /// <summary>One more audited commit (a read of the trail), with its own checkpoint.</summary>
    private async Task AuditOnceAsync(string actor = "cli:test")
    {
        await using var db = _home.NewContext();
        db.Audit(new AuditRecord(actor, "Auditor", AuditAction.Read, "AuditTrail", null, PurposeOfUse: "HCOMPL"));
        await db.SaveChangesAsync();
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

    private async Task<(int Exit, string Out, string Err)> VerifyCliAsync(params string[] extra)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, ["audit", "verify", .. extra]);
    }

    private async Task<List<AuditCheckpoint>> CheckpointsAsync()
    {
        await using var db = _home.NewContext();
        return await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    /// <summary>Deletes the newest commit's entries and checkpoint: what the database alone cannot tell from a shorter history.</summary>
    private async Task RemoveNewestCommitAsync()
    {
        var checkpoints = await CheckpointsAsync();
        var previous = checkpoints[^2];
        RawSql($"DELETE FROM audit_entries WHERE Sequence > {previous.Sequence}; DELETE FROM audit_checkpoints WHERE Sequence > {previous.Sequence};");
    }

    [Fact]
    public async Task Each_committed_checkpoint_is_one_witness_line_with_its_sequence_head_time_key_and_signature()
    {
        await SeedAsync();
        await AuditOnceAsync();

        var lines = (await File.ReadAllLinesAsync(WitnessFile)).Select(l => AuditWitnessLine.TryParse(l)!).ToList();
        var checkpoints = await CheckpointsAsync();

        Assert.Equal(checkpoints.Count, lines.Count);
        Assert.All(checkpoints.Zip(lines), pair => Assert.True(pair.Second.Matches(pair.First), $"line for {pair.First.Sequence}"));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(WitnessFile));
        var (exit, output, error) = await VerifyCliAsync();
        Assert.True(exit == 0, error);
        Assert.Contains("Witness: the witness agrees", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commits_at_the_same_moment_share_flushes_yet_each_checkpoint_is_witnessed_exactly_once()
    {
        await SeedAsync();

        await Task.WhenAll(Enumerable.Range(1, 16).Select(i => Task.Run(() => AuditOnceAsync($"cli:test-{i}"))));

        var lines = (await File.ReadAllLinesAsync(WitnessFile)).Select(l => AuditWitnessLine.TryParse(l)).ToList();
        var checkpoints = await CheckpointsAsync();
        Assert.All(lines, line => Assert.NotNull(line));
        Assert.Equal(checkpoints.Count, lines.Count);
        Assert.All(checkpoints, c => Assert.Single(lines, l => l!.Matches(c)));
        var (exit, output, error) = await VerifyCliAsync();
        Assert.True(exit == 0, error);
        Assert.Contains("Witness: the witness agrees", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tail_deleted_with_its_checkpoints_verifies_from_the_database_alone_but_fails_against_the_witness()
    {
        await SeedAsync();
        await AuditOnceAsync();
        await AuditOnceAsync();
        var newest = (await CheckpointsAsync())[^1];

        await RemoveNewestCommitAsync();

        // The database alone: a shorter, intact chain.
        await using (var db = _home.NewContext())
        {
            Assert.True((await AuditVerifier.VerifyAsync(db, _home.KeyRing)).Intact);
        }
        var (exit, _, error) = await VerifyCliAsync();
        Assert.Equal(1, exit);
        Assert.Contains("audit witness ahead", error, StringComparison.Ordinal);
        Assert.Contains($"entry {newest.Sequence}", error, StringComparison.Ordinal);
        Assert.Contains("were removed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_witness_the_same_tail_deletion_passes_with_a_warning()
    {
        await SeedAsync();
        await AuditOnceAsync();
        await RemoveNewestCommitAsync();
        File.Delete(WitnessFile);

        var (exit, output, error) = await VerifyCliAsync();

        Assert.True(exit == 0, error);
        Assert.Contains("chain intact", output, StringComparison.Ordinal);
        Assert.Contains("warning: audit witness: no audit witness file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tail_deleted_and_then_written_over_by_new_commits_still_fails_against_the_witness()
    {
        await SeedAsync();
        await AuditOnceAsync();
        await RemoveNewestCommitAsync();
        // New work goes on after the deletion and reuses the removed sequence numbers with other content.
        await AuditOnceAsync("cli:later");
        await AuditOnceAsync("cli:later");

        var (exit, _, _) = await VerifyCliAsync();
        Assert.Equal(1, exit);
        // SQLite's id sequence left a hole the chain check sees; the witness sees the rewrite on its own too.
        await using var db = _home.NewContext();
        var witness = await AuditWitnessCheck.CompareAsync(db, _home.KeyRing, WitnessFile);
        Assert.Equal(AuditWitnessState.Diverged, witness.State);
        Assert.Contains("which the database does not hold", witness.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_witness_one_checkpoint_behind_the_database_is_a_warning_and_two_behind_a_failure()
    {
        await SeedAsync();
        await AuditOnceAsync();
        await AuditOnceAsync();
        var lines = await File.ReadAllLinesAsync(WitnessFile);
        // As a crash between the commit and the witness write leaves it: the newest line missing.
        await File.WriteAllLinesAsync(WitnessFile, lines[..^1]);

        var (exit, _, error) = await VerifyCliAsync();
        Assert.True(exit == 0, error);
        Assert.Contains("warning: audit witness: the witness is one checkpoint behind", error, StringComparison.Ordinal);

        await File.WriteAllLinesAsync(WitnessFile, lines[..^2]);
        (exit, _, error) = await VerifyCliAsync();
        Assert.Equal(1, exit);
        Assert.Contains("audit witness behind", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_cut_short_by_a_crash_is_ignored_and_the_next_line_starts_on_its_own()
    {
        await SeedAsync();
        var before = await File.ReadAllTextAsync(WitnessFile);
        await File.AppendAllTextAsync(WitnessFile, "sequence=99999 head=ab");

        await AuditOnceAsync();

        var (exit, _, error) = await VerifyCliAsync();
        Assert.True(exit == 0, error);
        Assert.StartsWith(before + "sequence=99999 head=ab\n", await File.ReadAllTextAsync(WitnessFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_witness_line_is_reported_as_tampering_not_as_a_removed_tail()
    {
        await SeedAsync();
        var newest = (await CheckpointsAsync())[^1];
        var forged = new AuditWitnessLine(newest.Sequence + 5, new string('a', 64), newest.CreatedAt, newest.KeyId, newest.Signature);
        await File.AppendAllTextAsync(WitnessFile, forged + "\n");

        var (exit, _, error) = await VerifyCliAsync();

        Assert.Equal(1, exit);
        Assert.Contains("not signed by the audit key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_transaction_writes_no_witness_line()
    {
        await SeedAsync();
        var before = (await File.ReadAllLinesAsync(WitnessFile)).Length;

        await using (var db = _home.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Audit(new AuditRecord("cli:test", "Auditor", AuditAction.Read, "AuditTrail", null, PurposeOfUse: "HCOMPL"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, (await File.ReadAllLinesAsync(WitnessFile)).Length);
        Assert.Equal(0, (await VerifyCliAsync()).Exit);
    }
}

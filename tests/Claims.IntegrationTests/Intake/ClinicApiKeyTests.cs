using Claims.Domain;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Intake;

public sealed class ClinicApiKeyTests
{
    [Fact]
    public async Task An_issued_key_verifies_to_its_clinic_and_only_its_hash_is_stored()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();

        var (key, secret) = await new ClinicKeys(db, database.Time).IssueAsync(database.Clinic.Id, Caller.FromCli(new Actor("admin", ClaimRole.Admin)));

        Assert.StartsWith(ClinicApiKeys.KeyPrefix, secret, StringComparison.Ordinal);
        Assert.Equal(database.Clinic.Id, await ClinicApiKeys.AuthenticateAsync(db, secret, database.Time.GetUtcNow()));
        var stored = await db.ClinicApiKeys.AsNoTracking().SingleAsync();
        Assert.NotEqual(secret, stored.KeyHash);
        Assert.DoesNotContain(secret, stored.KeyHash + stored.Prefix, StringComparison.Ordinal);
        Assert.Equal(key.Id, stored.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("clk_not-a-real-key")]
    [InlineData("Bearer something")]
    public async Task A_missing_or_unknown_key_verifies_to_nobody(string? presented)
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();
        await new ClinicKeys(db, database.Time).IssueAsync(database.Clinic.Id, Caller.FromCli(new Actor("admin", ClaimRole.Admin)));

        Assert.Null(await ClinicApiKeys.AuthenticateAsync(db, presented, database.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_revoked_key_no_longer_verifies()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();
        var (key, secret) = await new ClinicKeys(db, database.Time).IssueAsync(database.Clinic.Id, Caller.FromCli(new Actor("admin", ClaimRole.Admin)));

        await new ClinicKeys(db, database.Time).RevokeAsync(database.Clinic.Id, key.Id, Caller.FromCli(new Actor("admin", ClaimRole.Admin)));

        Assert.Null(await ClinicApiKeys.AuthenticateAsync(db, secret, database.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Authenticating_stamps_the_last_use_at_most_once_a_minute_and_a_revoked_key_is_refused()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();
        var (key, secret) = await new ClinicKeys(db, database.Time).IssueAsync(database.Clinic.Id, Caller.FromCli(new Actor("admin", ClaimRole.Admin)));
        var start = database.Time.GetUtcNow();
        DateTimeOffset? LastUsed() => db.ClinicApiKeys.AsNoTracking().Where(k => k.Id == key.Id).Select(k => k.LastUsedAt).Single();

        Assert.Equal(database.Clinic.Id, await ClinicApiKeys.AuthenticateAsync(db, secret, start));
        Assert.Equal(start, LastUsed());
        await ClinicApiKeys.AuthenticateAsync(db, secret, start.AddSeconds(30));
        Assert.Equal(start, LastUsed());
        await ClinicApiKeys.AuthenticateAsync(db, secret, start.AddMinutes(2));
        Assert.Equal(start.AddMinutes(2), LastUsed());

        key.Revoke(start.AddMinutes(3));
        await db.SaveChangesAsync();
        Assert.Null(await ClinicApiKeys.AuthenticateAsync(db, secret, start.AddMinutes(4)));
        Assert.Equal(start.AddMinutes(2), LastUsed());
    }
}

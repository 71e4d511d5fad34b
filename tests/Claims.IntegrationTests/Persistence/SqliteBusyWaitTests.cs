using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Persistence;

/// <summary>
/// Every SQLite connection the app opens lets SQLite itself wait for the write lock, for as long as the command
/// timeout, instead of failing at once and leaving the retry to Microsoft.Data.Sqlite's 150 ms sleeps.
/// </summary>
public sealed class SqliteBusyWaitTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Each_connection_waits_in_sqlites_own_busy_handler_for_the_command_timeout()
    {
        await using (var setup = await _home.MigratedContextAsync()) { }
        await using var db = _home.NewContext();

        var timeout = await db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync();

        Assert.Equal(30_000, timeout);
    }
}

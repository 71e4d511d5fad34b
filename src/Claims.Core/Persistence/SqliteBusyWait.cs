using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Claims.Persistence;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>PRAGMA busy_timeout</c>) on every connection it opens. Without it,
/// Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms and trying again, so twenty coders pressing
/// "take next" at once queue behind sleeps much longer than the writes they wait for; SQLite's own handler retries
/// within a few milliseconds. The wait is as long as the connection's command timeout, so the caller's limit stands.
/// </summary>
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Math.Max(sqlite.DefaultTimeout, 1) * 1000L};";
        command.ExecuteNonQuery();
    }
}

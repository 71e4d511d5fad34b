using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Claims.Testing;

/// <summary>Clean-up of a test's scratch PostgreSQL database.</summary>
public static class PostgresScratch
{
    /// <summary>
    /// Drops the context's database. Right after a test's writes the server's autovacuum may be working on it; its
    /// backend belongs to the superuser, so <c>DROP DATABASE ... WITH (FORCE)</c> run by the test role is refused
    /// (42501) until it finishes. The drop is tried again for a few seconds rather than failing a test that passed.
    /// </summary>
    public static async Task DropAsync(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.EnsureDeletedAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }
}

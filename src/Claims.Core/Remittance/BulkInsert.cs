using System.Data.Common;
using System.Text;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Claims.Remittance;

/// <summary>
/// Inserts many rows of one append-only entity (ledger rows, postings) with multi-row INSERT statements in the
/// context's current transaction, bypassing the change tracker: an 835 of 100,000 claims carries about a million
/// ledger rows, which EF Core's tracked inserts write at a few thousand a second. Columns, names and value conversions
/// come from the EF model (each property's type mapping makes its parameter), so the rows are stored exactly as a
/// tracked insert would store them, on SQLite and PostgreSQL alike. Integer keys are left to the database.
/// </summary>
internal static class BulkInsert
{
    /// <summary>Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.</summary>
    private const int MaxParameters = 30_000;

    public static async Task InsertAsync<T>(ClaimsDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Bulk inserts run inside the posting's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ClrType == typeof(long) && p.ValueGenerated != ValueGenerated.Never))
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter()))
            .ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";
        var perStatement = Math.Max(1, Math.Min(500, MaxParameters / columns.Length));
        var connection = db.Database.GetDbConnection();

        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                // One prepared statement for the full batches, reused with new values; a fresh one for the tail.
                var command = count == perStatement ? full ??= Build(connection, transaction.GetDbTransaction(), head, columns, count) : Build(connection, transaction.GetDbTransaction(), head, columns, count);
                var index = 0;
                for (var r = start; r < start + count; r++)
                {
                    foreach (var c in columns)
                    {
                        var value = c.Getter.GetClrValue(rows[r]);
                        // The parameter was configured by the property's type mapping; the value takes its converter
                        // (enums as text, instants as SQLite's 64-bit form) as a tracked insert would.
                        if (value is not null && c.Mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                        command.Parameters[index++].Value = value ?? DBNull.Value;
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
                if (!ReferenceEquals(command, full)) await command.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static DbCommand Build(DbConnection connection, DbTransaction transaction, string head,
        (IProperty Property, string Column, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)[] columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder(head);
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = "@p" + n++;
                text.Append(c == 0 ? name : ", " + name);
                command.Parameters.Add(columns[c].Mapping.CreateParameter(command, name, null, nullable: true));
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }
}

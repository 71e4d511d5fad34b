using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Claims.Persistence;

/// <summary>
/// Inserts rows that are written once and never read back in the same unit of work (audit entries, a bundle's clinical
/// items and source keys) on the context's own connection and transaction, without the change tracker: tracking them
/// costs more than writing them. On SQLite one prepared statement is re-run per row (an in-process call); where the
/// provider batches commands (PostgreSQL) rows go as multi-row INSERTs (up to 500 rows a statement), all in one round trip. Column names and value
/// conversions come from the EF model, so the statements stay in step with the migrations. A constraint violation
/// surfaces as <see cref="DbUpdateException"/>, as it would from SaveChanges, so callers handle races one way.
/// </summary>
internal static class RowInserts
{
    /// <summary>Rows per INSERT statement on providers that batch: large enough to amortise parsing, small enough to stay under the parameter limit.</summary>
    private const int BatchRows = 500;

    // PostgreSQL's limit on one statement's parameters.
    private const int MaxParameters = 65_535;

    private static readonly ConcurrentDictionary<(IModel Model, Type Type), Shape> Shapes = new();

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, DateTimeOffset now, CancellationToken ct) where T : class =>
        await InsertAsync(db, rows, now, ignoreConflicts: false, ct);

    /// <summary>
    /// Inserts the rows; with <paramref name="ignoreConflicts"/> a row that would break a unique index is skipped, not
    /// an error (<c>ON CONFLICT DO NOTHING</c>, on SQLite and PostgreSQL alike). The number of rows inserted.
    /// </summary>
    public static async Task<int> InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, DateTimeOffset now, bool ignoreConflicts, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return 0;
        var shape = Shapes.GetOrAdd((db.Model, typeof(T)), key => Shape.Of(db, key.Type));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            return connection.CanCreateBatch
                ? await InsertBatchedAsync(connection, transaction, shape, rows, now, ignoreConflicts, ct)
                : await InsertPreparedAsync(connection, transaction, shape, rows, now, ignoreConflicts, ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"Inserting {typeof(T).Name} rows failed.", ex);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private const string IgnoreConflicts = " ON CONFLICT DO NOTHING";

    private static async Task<int> InsertPreparedAsync<T>(DbConnection connection, DbTransaction? transaction, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, bool ignoreConflicts, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ignoreConflicts ? shape.Sql + IgnoreConflicts : shape.Sql;
        var inserted = 0;
        var parameters = new DbParameter[shape.Columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            command.Parameters.Add(parameters[i]);
        }
        var prepared = false;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = shape.Value(i, row!, now);
            if (!prepared)
            {
                await command.PrepareAsync(ct);
                prepared = true;
            }
            inserted += await command.ExecuteNonQueryAsync(ct);
        }
        return inserted;
    }

    // Where the provider batches (PostgreSQL), rows go as multi-row INSERTs, all of them in one round trip: one statement
    // of many rows parses, plans and is built on the client once, where one statement per row cost each row all three.
    private static async Task<int> InsertBatchedAsync<T>(DbConnection connection, DbTransaction? transaction, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, bool ignoreConflicts, CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        Add(batch, shape, rows, now, ignoreConflicts);
        return await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Inserts two sets of rows of different types, the first set first, in one round trip where the provider batches
    /// (an audited commit's entries and their checkpoint, written while every other writer waits for the chain's lock).
    /// </summary>
    public static async Task InsertTogetherAsync<TFirst, TSecond>(DbContext db, IReadOnlyList<TFirst> first, IReadOnlyList<TSecond> second, DateTimeOffset now, CancellationToken ct)
        where TFirst : class
        where TSecond : class
    {
        var connection = db.Database.GetDbConnection();
        if (!connection.CanCreateBatch || connection.State != System.Data.ConnectionState.Open)
        {
            await InsertAsync(db, first, now, ct);
            await InsertAsync(db, second, now, ct);
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Add(batch, Shapes.GetOrAdd((db.Model, typeof(TFirst)), key => Shape.Of(db, key.Type)), first, now, ignoreConflicts: false);
        Add(batch, Shapes.GetOrAdd((db.Model, typeof(TSecond)), key => Shape.Of(db, key.Type)), second, now, ignoreConflicts: false);
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"Inserting {typeof(TFirst).Name} and {typeof(TSecond).Name} rows failed.", ex);
        }
    }

    // The rows as multi-row INSERT commands of the batch, as many rows a command as the parameter limit allows.
    private static void Add<T>(DbBatch batch, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, bool ignoreConflicts)
    {
        var perCommand = Math.Max(1, Math.Min(BatchRows, MaxParameters / shape.Columns.Length));
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var end = Math.Min(rows.Count, start + perCommand);
            var command = batch.CreateBatchCommand();
            command.CommandText = shape.MultiRowSql(end - start) + (ignoreConflicts ? IgnoreConflicts : "");
            for (var r = start; r < end; r++)
            {
                for (var i = 0; i < shape.Columns.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = shape.Value(i, rows[r]!, now);
                    command.Parameters.Add(parameter);
                }
            }
            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>The insert statement of an entity type and how to read each column's value from an instance.</summary>
    private sealed class Shape
    {
        private readonly (IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, bool Stamp)[] _readers;

        private readonly string _into;

        private Shape(string into, string sql, string[] columns, (IClrPropertyGetter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?, bool)[] readers)
        {
            _into = into;
            Sql = sql;
            Columns = columns;
            _readers = readers;
        }

        public string Sql { get; }

        public string[] Columns { get; }

        public static Shape Of(DbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            // Store-generated keys (identity columns) are left to the database; everything else is written, a Guid key
            // too (EF generates those on the client, and here the constructor has set it).
            var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey() || p.ClrType == typeof(Guid)).ToArray();
            if (properties.Any(p => p.IsShadowProperty())) throw new InvalidOperationException($"{type.Name} has shadow properties; insert it through the change tracker.");
            var columns = properties.Select(p => p.GetColumnName(table)!).ToArray();
            var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c)))}) VALUES ";
            var readers = properties.Select(p => (p.GetGetter(), p.GetTypeMapping().Converter, IsStamp(p))).ToArray();
            return new Shape(
                into,
                into + "(" + string.Join(", ", columns.Select((_, i) => "@p" + i)) + ")",
                columns, readers);
        }

        /// <summary>One INSERT of <paramref name="rows"/> rows with positional parameters ($1, $2, ... row after row).</summary>
        public string MultiRowSql(int rows)
        {
            var text = new System.Text.StringBuilder(_into, _into.Length + (rows * Columns.Length * 6));
            var n = 0;
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var i = 0; i < Columns.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    text.Append('$').Append(++n);
                }
                text.Append(')');
            }
            return text.ToString();
        }

        // The same stamps TimestampInterceptor sets on tracked entities, so a row written here reads like one saved by EF.
        private static bool IsStamp(IProperty p) => p.ClrType == typeof(DateTimeOffset) && p.Name is "CreatedAt" or "UpdatedAt";

        public object Value(int column, object row, DateTimeOffset now)
        {
            var (getter, converter, stamp) = _readers[column];
            var value = getter.GetClrValue(row);
            if (stamp && (value is null || (DateTimeOffset)value == default)) value = now;
            if (converter is not null && value is not null) value = converter.ConvertToProvider(value);
            return value ?? DBNull.Value;
        }
    }
}

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
/// provider batches commands (PostgreSQL) a whole set of rows goes in one round trip. Column names and value
/// conversions come from the EF model, so the statements stay in step with the migrations. A constraint violation
/// surfaces as <see cref="DbUpdateException"/>, as it would from SaveChanges, so callers handle races one way.
/// </summary>
internal static class RowInserts
{
    /// <summary>Rows per batch on providers that batch: large enough to amortise the round trip, small enough to stay under the 65,535 parameter limit.</summary>
    private const int BatchRows = 500;

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

    private static async Task<int> InsertBatchedAsync<T>(DbConnection connection, DbTransaction? transaction, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, bool ignoreConflicts, CancellationToken ct)
    {
        var inserted = 0;
        for (var start = 0; start < rows.Count; start += BatchRows)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            Add(batch, shape, rows, start, Math.Min(rows.Count, start + BatchRows), now, ignoreConflicts);
            inserted += await batch.ExecuteNonQueryAsync(ct);
        }
        return inserted;
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
        if (!connection.CanCreateBatch || first.Count + second.Count > BatchRows || connection.State != System.Data.ConnectionState.Open)
        {
            await InsertAsync(db, first, now, ct);
            await InsertAsync(db, second, now, ct);
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Add(batch, Shapes.GetOrAdd((db.Model, typeof(TFirst)), key => Shape.Of(db, key.Type)), first, 0, first.Count, now, ignoreConflicts: false);
        Add(batch, Shapes.GetOrAdd((db.Model, typeof(TSecond)), key => Shape.Of(db, key.Type)), second, 0, second.Count, now, ignoreConflicts: false);
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"Inserting {typeof(TFirst).Name} and {typeof(TSecond).Name} rows failed.", ex);
        }
    }

    private static void Add<T>(DbBatch batch, Shape shape, IReadOnlyList<T> rows, int start, int end, DateTimeOffset now, bool ignoreConflicts)
    {
        for (var r = start; r < end; r++)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = ignoreConflicts ? shape.PositionalSql + IgnoreConflicts : shape.PositionalSql;
            for (var i = 0; i < shape.Columns.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.Value = shape.Value(i, rows[r]!, now);
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>The insert statement of an entity type and how to read each column's value from an instance.</summary>
    private sealed class Shape
    {
        private readonly (IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, bool Stamp)[] _readers;

        private Shape(string sql, string positionalSql, string[] columns, (IClrPropertyGetter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?, bool)[] readers)
        {
            Sql = sql;
            PositionalSql = positionalSql;
            Columns = columns;
            _readers = readers;
        }

        public string Sql { get; }

        public string PositionalSql { get; }

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
                into + "(" + string.Join(", ", columns.Select((_, i) => "@p" + i)) + ")",
                into + "(" + string.Join(", ", columns.Select((_, i) => "$" + (i + 1))) + ")",
                columns, readers);
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

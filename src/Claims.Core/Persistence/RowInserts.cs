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

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, DateTimeOffset now, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var shape = Shapes.GetOrAdd((db.Model, typeof(T)), key => Shape.Of(db, key.Type));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        try
        {
            if (connection.CanCreateBatch) await InsertBatchedAsync(connection, transaction, shape, rows, now, ct);
            else await InsertPreparedAsync(connection, transaction, shape, rows, now, ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"Inserting {typeof(T).Name} rows failed.", ex);
        }
    }

    private static async Task InsertPreparedAsync<T>(DbConnection connection, DbTransaction? transaction, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = shape.Sql;
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
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task InsertBatchedAsync<T>(DbConnection connection, DbTransaction? transaction, Shape shape, IReadOnlyList<T> rows, DateTimeOffset now, CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += BatchRows)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            var end = Math.Min(rows.Count, start + BatchRows);
            for (var r = start; r < end; r++)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = shape.PositionalSql;
                for (var i = 0; i < shape.Columns.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = shape.Value(i, rows[r]!, now);
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct);
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
            // Store-generated keys (identity columns) are left to the database; everything else is written.
            var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey()).ToArray();
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

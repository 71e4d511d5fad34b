using System.Data.Common;
using System.Globalization;
using Bogus;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Claims.Demo;

/// <summary>
/// Synthetic claims by the hundred thousand, for benchmarks on a scratch database. Entities are built as
/// <see cref="DemoSeeder"/> builds them (the domain's constructors, coherent visits, states reached by firing the real
/// workflow), then written by one prepared INSERT per table inside one transaction: SaveChanges at this size spends
/// minutes tracking entities and deriving an audit entry per claim and transition. Columns, conversions and parameter
/// types come from the EF model, so the writer follows schema changes. No audit entries are written (it is scratch
/// data nobody read) and patients carry no encrypted demographics (nothing here decrypts them).
/// </summary>
public static class BulkDemoSeeder
{
    public static async Task<BulkSeedResult> SeedAsync(ClaimsDbContext db, int claims, int seed, TimeProvider time, IReadOnlyList<string> coders, int clinicCount = 8, ClaimState? everyClaimIn = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(coders);
        if (claims is < 1 or > 10_000_000) throw new DomainValidationException("Bulk-seed between 1 and 10,000,000 claims.");
        if (coders.Count == 0) throw new DomainValidationException("Name at least one coder to hold leases.");

        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var random = faker.Random;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var clinics = Enumerable.Range(1, clinicCount)
            .Select(i => new Clinic(string.Create(CultureInfo.InvariantCulture, $"{faker.Address.City()} Family Practice {i}"), Npi.FromBase(random.Int(100_000_000, 199_999_999)), random.ReplaceNumbers("#########")))
            .ToArray();
        var payers = DemoSeeder.PayerCatalogue.Select(p => new Payer(p.Name, p.PayerId, p.TimelyFilingDays, p.FilingIndicator)).ToArray();
        var providers = clinics.ToDictionary(c => c.Id, c => Enumerable.Range(0, 3)
            .Select(_ => new Provider(c.Id, Npi.FromBase(random.Int(100_000_000, 199_999_999)), $"{faker.Name.FirstName()} {faker.Name.LastName()}, MD", random.ArrayElement(DemoSeeder.Taxonomies)))
            .ToArray());

        var paths = DemoSeeder.ShortestPaths();
        var states = Enum.GetValues<ClaimState>();
        var weights = states.Select(DemoSeeder.Weight).ToArray();
        var byState = states.ToDictionary(s => s, _ => 0);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var tx = transaction.GetDbTransaction();
            using var clinicRows = TableWriter.For<Clinic>(db, connection, tx, now);
            using var payerRows = TableWriter.For<Payer>(db, connection, tx, now);
            using var providerRows = TableWriter.For<Provider>(db, connection, tx, now);
            using var patientRows = TableWriter.For<Patient>(db, connection, tx, now);
            using var coverageRows = TableWriter.For<Coverage>(db, connection, tx, now);
            using var claimRows = TableWriter.For<Claim>(db, connection, tx, now);
            using var lineRows = TableWriter.Owned<Claim>(db, nameof(Claim.Lines), connection, tx, now);
            using var diagnosisRows = TableWriter.Owned<Claim>(db, nameof(Claim.Diagnoses), connection, tx, now);
            using var eventRows = TableWriter.For<ClaimEvent>(db, connection, tx, now);
            foreach (var clinic in clinics) clinicRows.Write(clinic);
            foreach (var payer in payers) payerRows.Write(payer);
            foreach (var provider in providers.Values.SelectMany(p => p)) providerRows.Write(provider);

            var written = 0;
            var patients = 0;
            while (written < claims)
            {
                ct.ThrowIfCancellationRequested();
                var clinic = random.ArrayElement(clinics);
                var patient = new Patient(clinic.Id, "PT-" + random.String2(8, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), random.Bool() ? AdministrativeSex.Female : AdministrativeSex.Male, today.Year - random.Int(1, 92));
                patientRows.Write(patient);
                patients++;
                Coverage? coverage = null;
                if (random.Double() < 0.92)
                {
                    var payer = random.ArrayElement(payers);
                    coverage = new Coverage(patient.Id, payer.Id, random.Double() < 0.8 ? SubscriberRelationship.Self : SubscriberRelationship.Spouse, today.AddYears(-random.Int(1, 6)), null);
                    coverageRows.Write(coverage);
                }
                for (var n = Math.Min(random.Int(1, 3), claims - written); n > 0; n--)
                {
                    // Dates over 150 days put hundreds of claims on each day: keyset paging is tested on ties.
                    var date = today.AddDays(-random.Int(1, 150));
                    var claim = DemoSeeder.NewClaim(random, clinic, patient, coverage, random.ArrayElement(providers[clinic.Id]), date);
                    // The payer's deadline, as intake sets it; the claims arrived in time (on the day of service).
                    claim.SetFilingDeadline(coverage is null ? date.AddDays(Claim.DefaultFilingDays) : payers.First(p => p.Id == coverage.PayerId).FilingDeadline(date), date);
                    // A benchmark may want every claim in one state (e.g. Accepted, for remittance posting); the walk is the same.
                    var target = everyClaimIn ?? random.WeightedRandom(states, weights);
                    var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
                    foreach (var trigger in paths[target])
                    {
                        at = at.AddHours(random.Int(2, 60));
                        var reason = ClaimWorkflow.Find(claim.State, trigger)!.NeedsReason ? DemoSeeder.ReasonFor(trigger) : null;
                        claim.Fire(trigger, Actor.System(ClaimWorkflow.DefaultRole(trigger)) with { Id = $"demo:{ClaimWorkflow.DefaultRole(trigger).ToString().ToLowerInvariant()}" }, reason, at);
                    }
                    // Completing coding verifies at once (the workbench use case), so no claim waits in Verification.
                    if (claim.State == ClaimState.Verification) claim.PassVerification(Actor.System(ClaimRole.Scrubber) with { Id = "demo:scrubber" }, at.AddMinutes(1));
                    // Most claims being coded are held by someone, as on a working day.
                    if (claim.State == ClaimState.Coding && random.Double() < 0.7) claim.Take(new Actor(coders[random.Int(0, coders.Count - 1)], ClaimRole.Coder), now, Coding.Workbench.Lease);

                    claimRows.Write(claim);
                    foreach (var line in claim.Lines) lineRows.Write(line, claim.Id);
                    foreach (var diagnosis in claim.Diagnoses) diagnosisRows.Write(diagnosis, claim.Id);
                    foreach (var e in claim.History) eventRows.Write(e);
                    byState[claim.State]++;
                    written++;
                }
                // PostgreSQL: the buffered rows go by COPY, parents before children (their foreign keys), every so often.
                if (patients % FlushEvery == 0) await FlushAsync(ct, clinicRows, payerRows, providerRows, patientRows, coverageRows, claimRows, lineRows, diagnosisRows, eventRows);
            }
            await FlushAsync(ct, clinicRows, payerRows, providerRows, patientRows, coverageRows, claimRows, lineRows, diagnosisRows, eventRows);
            await transaction.CommitAsync(ct);
            if (db.Database.IsNpgsql())
            {
                // After a bulk load, as PostgreSQL's "Populating a Database" advises: statistics for the planner, and the
                // visibility map set so that index-only scans (the work queue's counts) need not visit every new row.
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) claims, claim_lines, claim_diagnoses, claim_events, patients, coverages", ct);
            }
            return new BulkSeedResult([.. clinics.Select(c => c.Id)], [.. payers.Select(p => p.Id)], patients, written, byState);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Patients between two COPY rounds on PostgreSQL: a few thousand rows per table per round.
    private const int FlushEvery = 1000;

    private static async Task FlushAsync(CancellationToken ct, params TableWriter[] writers)
    {
        foreach (var writer in writers) await writer.FlushAsync(ct);
    }

    /// <summary>
    /// The rows of an entity type, columns and conversions read from the EF model: on SQLite one prepared INSERT run per
    /// row (an in-process call); on PostgreSQL, where each statement is a round trip, rows are buffered and sent by
    /// binary COPY on <see cref="FlushAsync"/>.
    /// </summary>
    private sealed class TableWriter : IDisposable
    {
        private readonly DbCommand _command;
        private readonly Npgsql.NpgsqlConnection? _copyTo;
        private readonly string _copy;
        private readonly string[] _copyTypes;
        private readonly List<object?[]> _buffered = [];
        private readonly (IProperty Property, RelationalTypeMapping Mapping, DbParameter Parameter, bool IsOwnerKey)[] _columns;
        private readonly DateTimeOffset _now;

        private TableWriter(IEntityType type, DbContext db, DbConnection connection, DbTransaction transaction, DateTimeOffset now)
        {
            _now = now;
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            // Generated keys (an owned line's or an event's integer id) are left to the database.
            var properties = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && p.ClrType != typeof(Guid))).ToArray();
            _columns = [.. properties.Select((p, i) =>
            {
                var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(_command, "@p" + i.ToString(CultureInfo.InvariantCulture), null, nullable: true);
                _command.Parameters.Add(parameter);
                var ownerKey = p.IsShadowProperty() && p.IsForeignKey();
                if (p.IsShadowProperty() && !ownerKey) throw new InvalidOperationException($"{type.DisplayName()}.{p.Name}: a shadow column the bulk writer cannot fill.");
                return (p, mapping, parameter, ownerKey);
            })];
            var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
            _command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) "
                + $"VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
            _copy = $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) FROM STDIN (FORMAT BINARY)";
            // The column's type without its size ("character varying(20)" is written as "character varying").
            _copyTypes = [.. _columns.Select(c => c.Mapping.StoreType.Split('(')[0].Trim())];
            _copyTo = connection as Npgsql.NpgsqlConnection;
            if (_copyTo is null) _command.Prepare();
        }

        public static TableWriter For<T>(DbContext db, DbConnection connection, DbTransaction transaction, DateTimeOffset now) =>
            new(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model."), db, connection, transaction, now);

        public static TableWriter Owned<TOwner>(DbContext db, string navigation, DbConnection connection, DbTransaction transaction, DateTimeOffset now) =>
            new(db.Model.FindEntityType(typeof(TOwner))!.FindNavigation(navigation)!.TargetEntityType, db, connection, transaction, now);

        public void Write(object entity, Guid? owner = null)
        {
            foreach (var (property, mapping, parameter, isOwnerKey) in _columns)
            {
                var value = isOwnerKey ? owner : property.GetGetter().GetClrValueUsingContainingEntity(entity);
                // What TimestampInterceptor stamps on SaveChanges.
                if (value is DateTimeOffset d && d == default && property.Name is nameof(Claim.CreatedAt) or nameof(Claim.UpdatedAt)) value = _now;
                if (mapping.Converter is { } converter && value is not null) value = converter.ConvertToProvider(value);
                parameter.Value = value ?? DBNull.Value;
            }
            if (_copyTo is not null)
            {
                _buffered.Add([.. _columns.Select(c => c.Parameter.Value is DBNull ? null : c.Parameter.Value)]);
                return;
            }
            _command.ExecuteNonQuery();
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            if (_copyTo is null || _buffered.Count == 0) return;
            await using (var importer = await _copyTo.BeginBinaryImportAsync(_copy, ct))
            {
                foreach (var row in _buffered)
                {
                    await importer.StartRowAsync(ct);
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null) await importer.WriteNullAsync(ct);
                        else await importer.WriteAsync(row[i], _copyTypes[i], ct);
                    }
                }
                await importer.CompleteAsync(ct);
            }
            _buffered.Clear();
        }

        public void Dispose() => _command.Dispose();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Claims.Audit;
using Claims.Charges;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Intake;

/// <summary>
/// FHIR R4 bundle intake, the one use case behind <c>POST /fhir</c>, the clinic upload page and <c>claims ingest</c>:
/// parse, validate, map, and store every billable encounter as a claim, atomically (one SaveChanges, one transaction:
/// all of a bundle's claims or none) and idempotently (the same bundle again is a duplicate; a changed one updates
/// claims still Received and reports a conflict for claims already worked). Every upload is on the audit trail with
/// its outcome, written by the use case itself: a stored bundle's entry in the same transaction as the bundle, any
/// other outcome (duplicate, rejected, failed) in a transaction of its own. Nothing about the input makes it throw.
/// </summary>
public static class BundleIntake
{
    /// <summary>Payers first seen in a bundle get Medicare's 12 months until billing sets the real limit.</summary>
    public const int DefaultTimelyFilingDays = 365;

    private const string SameContent = "The same bundle (same content) was ingested before; nothing was created.";

    /// <summary>
    /// Ingests one bundle for a clinic, read from a stream up to <paramref name="limits"/>' size. Expected failures (a
    /// bad bundle, a conflict) are a <see cref="BundleIntakeStatus.Rejected"/> result with issues, faults on our side
    /// a <see cref="BundleIntakeStatus.Failed"/> one; either way one audit entry records the upload. Only an unknown
    /// clinic (a bug at the edge, which authenticated it) throws, <see cref="NotFoundException"/>. A bundle whose bytes
    /// were seen before is answered without parsing it. <paramref name="now"/> decides what is in the future. Owns
    /// the context's unit of work: the change tracker and pending audit records are cleared afterwards, so a loop over
    /// thousands of bundles runs in bounded memory.
    /// </summary>
    public static async Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, Stream json, Caller caller, DateTimeOffset now, IntakeLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(limits);
        var clinic = await FindClinicAsync(db, clinicId, cancellationToken);
        return await RecordedAsync(db, caller, async () =>
        {
            var (bytes, tooLarge) = await ReadAsync(json, limits, cancellationToken);
            if (bytes is null) return tooLarge!;
            var contentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (await SeenAsync(db, clinicId, contentHash, cancellationToken)) return BundleIntakeResult.Duplicate(SameContent);
            return await StoreAsync(db, clinic, Prepare(bytes, contentHash, Today(now), limits), caller, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Ingests a bundle prepared by <see cref="Prepare(byte[], DateOnly, IntakeLimits?)"/>, so callers that have many
    /// bundles can parse the next one on another core while this one is stored (<c>claims ingest</c> does). Recorded
    /// on the audit trail like the stream overload.
    /// </summary>
    public static async Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, PreparedBundle prepared, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(caller);
        var clinic = await FindClinicAsync(db, clinicId, cancellationToken);
        return await RecordedAsync(db, caller, async () =>
        {
            if (prepared.Fault is { } fault) return BundleIntakeResult.Failed(fault);
            if (prepared.ContentHash.Length > 0 && await SeenAsync(db, clinicId, prepared.ContentHash, cancellationToken)) return BundleIntakeResult.Duplicate(SameContent);
            return await StoreAsync(db, clinic, prepared, caller, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// The CPU-bound half of intake: size limit, hash, parse, validate and map. Touches no database and never throws:
    /// a fault while parsing or mapping comes back as <see cref="PreparedBundle.Fault"/>.
    /// <paramref name="today"/> is the date (UTC) intake runs on; services and births after it are refused.
    /// </summary>
    public static PreparedBundle Prepare(byte[] json, DateOnly today, IntakeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= IntakeLimits.Default;
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(json));
        if (json.LongLength > limits.MaxBundleBytes) return PreparedBundle.TooLarge(limits);
        return Prepare(json, contentHash, today, limits);
    }

    /// <summary>The date used for "not in the future": UTC, since the clinic's own date is at most a day ahead (see <see cref="BundleMapper"/>).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static PreparedBundle Prepare(byte[] json, string contentHash, DateOnly today, IntakeLimits limits)
    {
        try
        {
            var (resource, issues) = FhirBundleReader.Parse(json, limits);
            var mapped = BundleMapper.Map(resource, issues, today);
            return new PreparedBundle(contentHash, mapped, issues);
        }
        catch (Exception ex)
        {
            // Every input the reader and mapper know to be bad is an issue; anything thrown here is a bug of ours,
            // and it must not take the upload (or a CLI run over a folder) down with it.
            return new PreparedBundle(contentHash, null, [], IntakeFault.Of(ex));
        }
    }

    private static async Task<(byte[]? Bytes, BundleIntakeResult? Refused)> ReadAsync(Stream json, IntakeLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            var (bytes, tooLarge) = await FhirBundleReader.ReadAllAsync(json, limits, cancellationToken);
            return bytes is null ? (null, BundleIntakeResult.Rejected([tooLarge!])) : (bytes, null);
        }
        catch (IOException ex)
        {
            // The sender went away mid-upload, or the body could not be read: a failed upload, still on the record.
            return (null, BundleIntakeResult.Failed(IntakeFault.Of(ex)));
        }
    }

    /// <summary>
    /// Runs the act and puts its outcome on the audit trail. A stored bundle's entry was saved with it (see
    /// <see cref="BundleStore"/>); for any other outcome the tracked changes and pending records are dropped and the
    /// upload's entry is saved alone, so a refused or crashed upload leaves exactly one entry and nothing else.
    /// </summary>
    private static async Task<BundleIntakeResult> RecordedAsync(ClaimsDbContext db, Caller caller, Func<Task<BundleIntakeResult>> act, CancellationToken cancellationToken)
    {
        BundleIntakeResult result;
        try
        {
            result = await act();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Forget(db);
            db.Audit(UploadRecord(caller, BundleIntakeStatus.Failed, null, "status=Cancelled"));
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            // A bug or an outage while storing: SaveChanges is the last step and commits all or nothing, so no part
            // of the bundle was written.
            result = BundleIntakeResult.Failed(IntakeFault.Of(ex));
        }
        if (result.Status != BundleIntakeStatus.Ingested)
        {
            Forget(db);
            db.Audit(UploadRecord(caller, result.Status, null, Details(result)));
            await db.SaveChangesAsync(cancellationToken);
        }
        Forget(db);
        return result;
    }

    private static void Forget(ClaimsDbContext db)
    {
        db.ChangeTracker.Clear();
        db.ClearPendingAudit();
        db.ForgetDataKeys();
    }

    /// <summary>The upload's audit entry: who, from where, the outcome and counts; codes and ids only, never a value from the bundle.</summary>
    internal static AuditRecord UploadRecord(Caller caller, BundleIntakeStatus status, Guid? bundleId, string details) =>
        new(caller.Actor.Id, caller.Actor.Role.ToString(), AuditAction.Upload, "Bundle", bundleId?.ToString(),
            Outcome: status is BundleIntakeStatus.Ingested or BundleIntakeStatus.Duplicate ? AuditOutcome.Success : AuditOutcome.Failure,
            SourceAddress: caller.Origin.SourceAddress, PurposeOfUse: "HPAYMT", CorrelationId: caller.Origin.CorrelationId, Details: details);

    internal static string Details(BundleIntakeResult result)
    {
        var c = CultureInfo.InvariantCulture;
        return result.Status switch
        {
            BundleIntakeStatus.Ingested => string.Create(c, $"status=Ingested created={result.CreatedClaimIds.Count} updated={result.UpdatedClaimIds.Count} unchanged={result.UnchangedClaims} patients={result.PatientsCreated} resources={result.Resources} history={result.HistoryEncounters} pastFilingLimit={result.PastFilingLimit}"),
            BundleIntakeStatus.Rejected => string.Create(c, $"status=Rejected errors={result.Issues.Count(i => i.IsError)} codes={string.Join(',', result.Issues.Where(i => i.IsError).Select(i => i.Code).Distinct())}"),
            BundleIntakeStatus.Failed => $"status=Failed incident={result.Fault?.Incident} exception={result.Fault?.ExceptionType}",
            _ => $"status={result.Status}",
        };
    }

    private static async Task<Clinic> FindClinicAsync(ClaimsDbContext db, Guid clinicId, CancellationToken cancellationToken) =>
        await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, cancellationToken)
        ?? throw new NotFoundException($"Clinic {clinicId} does not exist.");

    private static Task<bool> SeenAsync(ClaimsDbContext db, Guid clinicId, string contentHash, CancellationToken cancellationToken) =>
        db.IngestedBundles.AnyAsync(b => b.ClinicId == clinicId && b.ContentHash == contentHash, cancellationToken);

    private static async Task<BundleIntakeResult> StoreAsync(ClaimsDbContext db, Clinic clinic, PreparedBundle prepared, Caller caller, CancellationToken cancellationToken)
    {
        if (prepared.Fault is { } fault) return BundleIntakeResult.Failed(fault);
        if (prepared.Mapped is not { } mapped) return BundleIntakeResult.Rejected(prepared.IssueList);
        var (billable, windowIssue) = mapped.WithinBillingWindow(clinic.BillFrom);
        mapped = billable.PricedWith(await ClinicFees.LoadAsync(db, clinic.Id, billable.UnpricedCodes(), cancellationToken));
        IReadOnlyList<IntakeIssue> issues = windowIssue is null ? prepared.IssueList : [.. prepared.IssueList, windowIssue];

        string? identifierHash = null;
        if (mapped.Identifier is not null)
        {
            identifierHash = IntakeSourceKey.Hash(clinic.Id, SourceKind.Bundle, mapped.Identifier);
            if (await db.IngestedBundles.AnyAsync(b => b.ClinicId == clinic.Id && b.IdentifierHash == identifierHash, cancellationToken))
            {
                return BundleIntakeResult.Duplicate("A bundle with the same Bundle.identifier was ingested before; nothing was created.");
            }
        }

        // One connection for the handful of lookups and the save (a no-op when the caller already opened it).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await new BundleStore(db, clinic, mapped, prepared.ContentHash, identifierHash, issues, caller).SaveAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A unique index caught a race: the same bundle, or another bundle for the same patient or
                    // encounter, was stored by a concurrent request between our lookups and the save. Nothing of ours
                    // was written. The same content is a duplicate; otherwise look again, now that the other is stored.
                    Forget(db);
                    if (await SeenAsync(db, clinic.Id, prepared.ContentHash, cancellationToken)) return BundleIntakeResult.Duplicate(SameContent);
                    if (identifierHash is not null && await db.IngestedBundles.AnyAsync(b => b.ClinicId == clinic.Id && b.IdentifierHash == identifierHash, cancellationToken))
                    {
                        return BundleIntakeResult.Duplicate("A bundle with the same Bundle.identifier was ingested before; nothing was created.");
                    }
                    if (attempt == 2)
                    {
                        return BundleIntakeResult.Rejected([.. issues, IntakeIssue.Error(IssueCodes.Conflict, "Bundle",
                            "Other bundles for the same patient or encounter were stored at the same moment; send this one again.")], mapped.ResourceCount);
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

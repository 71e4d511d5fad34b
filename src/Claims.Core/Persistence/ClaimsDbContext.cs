using Claims.Audit;
using Claims.Domain;
using Claims.Intake;
using Claims.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Claims.Persistence;

/// <summary>
/// The one database context: claims, their parties and history, and the Identity store. Pages, API handlers
/// and CLI commands use it directly (compliance/adr/0001). Concurrency conflicts leave it as
/// <see cref="ConcurrencyConflictException"/>, the domain's own error. Audit records queued with
/// <see cref="Audit(AuditRecord)"/> are chained and committed in the same transaction as the changes they record.
/// </summary>
public sealed class ClaimsDbContext(DbContextOptions<ClaimsDbContext> options, IKeyRing? keyRing = null, TimeProvider? time = null)
    : IdentityDbContext<ClaimsUser>(options)
{
    private readonly List<AuditRecord> _pendingAudit = [];
    private readonly List<Func<CancellationToken, Task>> _pendingRows = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The key ring that signs audit checkpoints (null only for design-time and schema tools).</summary>
    public IKeyRing? KeyRing { get; } = keyRing;

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    /// <summary>Queues an audit record; the next SaveChanges appends it in the same transaction as the other changes.</summary>
    public void Audit(AuditRecord record) => _pendingAudit.Add(record);

    /// <summary>Drops queued records that turned out not to describe what happened (e.g. an upload that stored nothing).</summary>
    public void ClearPendingAudit()
    {
        _pendingAudit.Clear();
        _pendingRows.Clear();
    }

    /// <summary>Records waiting for the next SaveChanges.</summary>
    public int PendingAuditCount => _pendingAudit.Count;

    /// <summary>
    /// Queues rows to be inserted, untracked, by the next SaveChanges in its transaction, after the tracked changes (so
    /// they may point at rows saved with them) and before the audit entries (<see cref="RowInserts"/>). For rows written
    /// once in bulk and not read back in the same unit of work; cleared with <see cref="ClearPendingAudit"/>.
    /// </summary>
    internal void InsertUntracked<T>(IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count > 0) _pendingRows.Add(ct => RowInserts.InsertAsync(this, rows, _time.GetUtcNow(), ct));
    }

    public DbSet<Claim> Claims => Set<Claim>();

    public DbSet<Coding.CodingDecision> CodingDecisions => Set<Coding.CodingDecision>();

    public DbSet<ClaimEvent> ClaimEvents => Set<ClaimEvent>();

    public DbSet<ClinicQuestion> ClinicQuestions => Set<ClinicQuestion>();

    public DbSet<Operations.Contracts.ClientContract> ClientContracts => Set<Operations.Contracts.ClientContract>();

    public DbSet<Operations.Teams.ClinicAssignment> ClinicAssignments => Set<Operations.Teams.ClinicAssignment>();

    public DbSet<Operations.Teams.TeamMember> TeamMembers => Set<Operations.Teams.TeamMember>();

    public DbSet<Operations.Qa.QaSample> QaSamples => Set<Operations.Qa.QaSample>();

    public DbSet<Operations.Reports.KeptMonthlyReport> KeptMonthlyReports => Set<Operations.Reports.KeptMonthlyReport>();

    public DbSet<Operations.Sla.SlaSnapshot> SlaSnapshots => Set<Operations.Sla.SlaSnapshot>();

    public DbSet<Clinic> Clinics => Set<Clinic>();

    public DbSet<Charges.FeeScheduleEntry> FeeSchedule => Set<Charges.FeeScheduleEntry>();

    public DbSet<Intake.ClinicalHistoryEncounter> ClinicalHistory => Set<Intake.ClinicalHistoryEncounter>();

    public DbSet<Payer> Payers => Set<Payer>();

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Coverage> Coverages => Set<Coverage>();

    public DbSet<IngestedBundle> IngestedBundles => Set<IngestedBundle>();

    public DbSet<IntakeSourceKey> IntakeSourceKeys => Set<IntakeSourceKey>();

    public DbSet<ClaimClinicalItem> ClaimClinicalItems => Set<ClaimClinicalItem>();

    public DbSet<ClinicApiKey> ClinicApiKeys => Set<ClinicApiKey>();

    public DbSet<PatientKey> PatientKeys => Set<PatientKey>();

    public DbSet<Remittance.LedgerEntry> LedgerEntries => Set<Remittance.LedgerEntry>();

    public DbSet<Remittance.PostedDocument> PostedDocuments => Set<Remittance.PostedDocument>();

    public DbSet<Remittance.ClaimPaymentPosting> ClaimPaymentPostings => Set<Remittance.ClaimPaymentPosting>();

    public DbSet<Remittance.RemittanceExceptionItem> RemittanceExceptions => Set<Remittance.RemittanceExceptionItem>();

    public DbSet<Remittance.RemittanceFilePosting> RemittanceFilePostings => Set<Remittance.RemittanceFilePosting>();

    public DbSet<Submission.SubmissionBatch> SubmissionBatches => Set<Submission.SubmissionBatch>();

    public DbSet<Submission.SubmissionBatchClaim> SubmissionBatchClaims => Set<Submission.SubmissionBatchClaim>();

    public DbSet<Submission.ReceivedFile> ReceivedFiles => Set<Submission.ReceivedFile>();

    public DbSet<Submission.X12Counter> X12Counters => Set<Submission.X12Counter>();

    public DbSet<Denials.DenialRule> DenialRules => Set<Denials.DenialRule>();

    public DbSet<Denials.DenialAssignment> DenialAssignments => Set<Denials.DenialAssignment>();

    public DbSet<Denials.WriteOffRequest> WriteOffRequests => Set<Denials.WriteOffRequest>();

    public DbSet<Denials.Appeal> Appeals => Set<Denials.Appeal>();

    public DbSet<Denials.AppealAttachment> AppealAttachments => Set<Denials.AppealAttachment>();
    public DbSet<Jobs.JobRun> JobRuns => Set<Jobs.JobRun>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    private PhiVault? _phi;

    /// <summary>Drops the unwrapped data keys cached so far (without creating a vault when there is none).</summary>
    public void ForgetDataKeys() => _phi?.ForgetAll();

    /// <summary>Field-level encryption of PHI for this unit of work (data keys are cached as long as the context lives).</summary>
    public PhiVault Phi => _phi ??= new PhiVault(this, KeyRing ?? throw new InvalidOperationException("PHI needs a key ring; this context was made without one."), _time);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ClaimsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native date-time-offset type and cannot order or compare the text form in SQL;
        // every instant we store is UTC, so a sortable 64-bit encoding loses nothing.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // One scan for changes per save: the checks, derived audit records, timestamps and EF's own save below each
        // read the change tracker, and with automatic detection each read would scan every tracked entity again.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            AuditWriter.EnsureAppendOnly(this);
            var derived = await AuditWriter.DeriveAsync(this, cancellationToken);
            _pendingAudit.InsertRange(0, derived);
            if (_pendingAudit.Count == 0 && _pendingRows.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            return await SaveWithAuditAsync(acceptAllChangesOnSuccess, derived, cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(ex);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Synchronous saves cannot take the audit chain's lock; everything here saves asynchronously.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditWriter.EnsureAppendOnly(this);
        if (_pendingAudit.Count > 0 || ChangeTracker.Entries<ClaimEvent>().Any(e => e.State == EntityState.Added) || ChangeTracker.Entries<Claim>().Any(e => e.State == EntityState.Added))
            throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync.");
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(ex);
        }
    }

    private async Task<int> SaveWithAuditAsync(bool acceptAllChangesOnSuccess, IReadOnlyCollection<AuditRecord> derived, CancellationToken cancellationToken)
    {
        var derivedSet = derived.ToHashSet(ReferenceEqualityComparer.Instance);
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // The changes first (a concurrency conflict stops here), then their audit entries, in one transaction.
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var insert in _pendingRows) await insert(cancellationToken);
            if (_pendingAudit.Count > 0) await AuditWriter.AppendAsync(this, _pendingAudit, KeyRing, _time.GetUtcNow(), cancellationToken);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            _pendingAudit.Clear();
            _pendingRows.Clear();
            return count;
        }
        catch
        {
            // Nothing was committed: drop the derived records, which the next save derives again from the same
            // tracked changes; the caller's own records stay queued for a retry.
            _pendingAudit.RemoveAll(derivedSet.Contains);
            throw;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private static ConcurrencyConflictException Conflict(DbUpdateConcurrencyException ex)
    {
        var what = ex.Entries.Select(e => e.Entity switch
        {
            Claim c => $"claim {c.Id}",
            _ => e.Metadata.ClrType.Name,
        }).FirstOrDefault() ?? "a record";
        return new ConcurrencyConflictException($"Conflict: {what} was changed by someone else since it was read; nothing was saved. Reload it and try again.", ex);
    }
}

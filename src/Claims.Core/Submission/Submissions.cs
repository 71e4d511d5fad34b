using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Submission;

/// <summary>Which ReadyToSubmit claims a batch takes: all, one clinic's, one payer's, or one claim.</summary>
public sealed record SubmissionFilter(Guid? ClinicId = null, Guid? PayerId = null, Guid? ClaimId = null)
{
    public static SubmissionFilter All { get; } = new();

    public string Scope => ClaimId is { } c ? $"claim {c}" : ClinicId is { } k ? PayerId is { } p0 ? $"clinic {k} payer {p0}" : $"clinic {k}" : PayerId is { } p ? $"payer {p}" : "all";
}

/// <summary>A batch as lists and the CLI show it (no PHI).</summary>
public sealed record BatchSummary(Guid Id, DateTimeOffset CreatedAt, string FileName, int Claims, long TotalChargeCents, int InterchangeControlNumber, int GroupControlNumber, int TransactionSets, BatchStatus Status, DateTimeOffset? SentAt, int SendCount, string Scope)
{
    internal static BatchSummary Of(SubmissionBatch b) => new(b.Id, b.CreatedAt, b.FileName, b.ClaimCount, b.TotalChargeCents, b.InterchangeControlNumber, b.GroupControlNumber, b.TransactionSets, b.Status, b.SentAt, b.SendCount, b.Scope);
}

/// <summary>
/// What a submission run did: the batch it made (null when nothing was ready), the claims it left out with their
/// issues (by control number, never PHI), and whether the upload worked (a failed upload leaves the batch Created,
/// its claims Submitted: resend it).
/// </summary>
public sealed record SubmissionRun(BatchSummary? Batch, IReadOnlyList<X12Issue> Excluded, string? SendError);

/// <summary>A decrypted batch file for an authorised user.</summary>
public sealed record BatchDownload(string FileName, byte[] Content);

/// <summary>
/// Submission to the clearinghouse: make an 837P batch of the ReadyToSubmit claims (one interchange, one ST per
/// payer), store it encrypted and move its claims to Submitted in one transaction with its control numbers and audit
/// entries, then upload it; resend and download a batch; fetch the clearinghouse's answers, each file once.
/// One use case for the web pages, <c>claims submit</c>/<c>claims batches</c> and the claim's Submit trigger.
/// </summary>
public sealed class Submissions(ClaimsDbContext db, TimeProvider clock, SubmissionSettings settings, IClearinghouseMailbox mailbox)
{
    internal const string BatchTable = "submission_batches";
    internal const string ReceivedTable = "received_files";

    /// <summary>Runs just before the batch's transaction commits (tests use it to crash there).</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    /// <summary>
    /// Makes one batch of the ReadyToSubmit claims the filter selects, and of voided claims not yet sent as voids
    /// (self-pay claims go on patient statements, not here: they are reported as excluded with <see cref="SelfPayIssue"/>).
    /// A claim the 837P cannot carry is left out and reported; running it again finds nothing new, since
    /// every claim in the batch is Submitted in the batch's own transaction (the claims' version check stops two
    /// runs from taking the same claim).
    /// </summary>
    public async Task<SubmissionRun> CreateBatchesAsync(SubmissionFilter filter, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        EnsureBiller(caller);
        var selfPay = await SelfPayAsync(filter, cancellationToken);
        var claims = await ReadyClaimsAsync(filter, cancellationToken);
        if (claims.Count == 0) return new SubmissionRun(null, selfPay, null);
        var (mapped, excluded) = await MapAsync(claims, cancellationToken);
        excluded.InsertRange(0, selfPay);
        if (mapped.Count == 0) return new SubmissionRun(null, excluded, null);

        var batch = await StoreAsync(mapped, filter.Scope, caller, cancellationToken);
        var sendError = await TrySendAsync(batch, caller, "sent", cancellationToken);
        return new SubmissionRun(BatchSummary.Of(batch), excluded, sendError);
    }

    /// <summary>Uploads a stored batch again (after a failed upload, or when the clearinghouse asks).</summary>
    public async Task<SubmissionRun> ResendAsync(Guid batchId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var batch = await db.SubmissionBatches.FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken) ?? throw new NotFoundException($"Batch {batchId} was not found.");
        var error = await TrySendAsync(batch, caller, "resent", cancellationToken);
        return new SubmissionRun(BatchSummary.Of(batch), [], error);
    }

    /// <summary>The batch's 837P, decrypted, for a biller or an admin; the download is audited as an export.</summary>
    public async Task<BatchDownload> DownloadAsync(Guid batchId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not download a batch file.");
        var batch = await db.SubmissionBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken) ?? throw new NotFoundException($"Batch {batchId} was not found.");
        var content = batch.File.Open(Keys, BatchTable, batch.Id);
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "SubmissionBatch", batch.Id.ToString(), null, $"837P batch ISA13 {batch.InterchangeControlNumber} downloaded ({batch.ClaimCount} claims, {content.Length} bytes)"));
        await db.SaveChangesAsync(cancellationToken);
        return new BatchDownload(batch.FileName, content);
    }

    /// <summary>A received file, decrypted, for a biller or an admin (audited export).</summary>
    public async Task<BatchDownload> DownloadReceivedAsync(Guid fileId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not download a clearinghouse file.");
        var file = await db.ReceivedFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, cancellationToken) ?? throw new NotFoundException($"File {fileId} was not found.");
        var content = file.File.Open(Keys, ReceivedTable, file.Id);
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "ReceivedFile", file.Id.ToString(), null, $"{file.Kind} file downloaded ({content.Length} bytes)"));
        await db.SaveChangesAsync(cancellationToken);
        return new BatchDownload(file.Name, content);
    }

    /// <summary>
    /// Takes the files in the mailbox's outbound folder that were not taken before (the names are remembered here),
    /// stores each encrypted with a PHI-free summary, matched to its batch, and sets a batch's status from its 999.
    /// Posting what they say to the claims is the remittance issue's.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSummary>> FetchAnswersAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var names = await mailbox.ListAsync(MailboxFolder.Outbound, cancellationToken);
        if (names.Count == 0) return [];
        var known = (await db.ReceivedFiles.AsNoTracking().Where(f => names.Contains(f.Name)).Select(f => f.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var received = new List<ReceivedSummary>();
        foreach (var name in names.Where(n => !known.Contains(n)))
        {
            var content = await mailbox.GetAsync(MailboxFolder.Outbound, name, cancellationToken);
            var answer = X12Answer.Read(content);
            var batch = await MatchBatchAsync(answer, cancellationToken);
            var file = new ReceivedFile(Guid.CreateVersion7(), name, clock.GetUtcNow(), answer.Kind, batch?.Id, answer.Summary, content.Length);
            file.Store(SealedFile.Seal(Keys, ReceivedTable, file.Id, content));
            db.ReceivedFiles.Add(file);
            if (batch is not null && answer.Accepted is { } accepted) batch.Acknowledged(accepted);
            db.Audit(AuditRecords.For(caller, AuditAction.Create, "ReceivedFile", file.Id.ToString(), null, $"{answer.Kind} fetched from the clearinghouse: {answer.Summary}"));
            received.Add(new ReceivedSummary(file.Id, name, answer.Kind, answer.Summary, batch?.Id));
        }
        if (received.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return received;
    }

    /// <summary>The batches, newest first, with what came back for each.</summary>
    public async Task<IReadOnlyList<BatchSummary>> ListAsync(int take = 100, CancellationToken cancellationToken = default) =>
        [.. (await db.SubmissionBatches.AsNoTracking().OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.InterchangeControlNumber).Take(take).ToListAsync(cancellationToken)).Select(BatchSummary.Of)];

    private Security.IKeyRing Keys => db.KeyRing ?? throw new InvalidOperationException("Submission needs a key ring: batch files are PHI and stored encrypted.");

    private static void EnsureBiller(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Biller) throw new TriggerForbiddenException(Guid.Empty, ClaimState.ReadyToSubmit, ClaimTrigger.Submit, caller.Actor.Role);
    }

    /// <summary>The code of the issue that keeps a self-pay claim out of every 837P batch.</summary>
    public const string SelfPayIssue = "SELF-PAY";

    /// <summary>
    /// Self-pay claims in the filter's scope, refused by name: an 837P needs a payer (2010BB) and a subscriber, and a
    /// self-pay claim has neither; it is billed to the patient (Bill patient, then a statement).
    /// </summary>
    private async Task<List<X12Issue>> SelfPayAsync(SubmissionFilter filter, CancellationToken ct)
    {
        if (filter.PayerId is not null) return [];
        var query = db.Claims.AsNoTracking().Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId == null);
        if (filter.ClinicId is { } clinic) query = query.Where(c => c.ClinicId == clinic);
        if (filter.ClaimId is { } id) query = query.Where(c => c.Id == id);
        var numbers = await query.OrderBy(c => c.ServiceFrom).Select(c => c.ControlNumber).ToListAsync(ct);
        return [.. numbers.Select(n => new X12Issue(SelfPayIssue, n.Value, "2010BB", "self-pay: no payer to send an 837P to; bill the patient instead (Bill patient)"))];
    }

    private async Task<List<Claim>> ReadyClaimsAsync(SubmissionFilter filter, CancellationToken ct)
    {
        // A voided claim goes out once more, as frequency 8 with REF*F8, until a batch has carried it as a void.
        var query = db.Claims.Where(c => c.PayerId != null && c.CoverageId != null
            && (c.State == ClaimState.ReadyToSubmit
                || (c.State == ClaimState.Voided && c.Frequency == ClaimFrequency.Void
                    && !db.SubmissionBatchClaims.Any(s => s.ClaimId == c.Id && s.Frequency == (int)ClaimFrequency.Void))));
        if (filter.ClinicId is { } clinic) query = query.Where(c => c.ClinicId == clinic);
        if (filter.PayerId is { } payer) query = query.Where(c => c.PayerId == payer);
        if (filter.ClaimId is { } id) query = query.Where(c => c.Id == id);
        return await query.OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).ToListAsync(ct);
    }

    private async Task<(List<(Claim Claim, Professional837Claim Mapped)> Mapped, List<X12Issue> Excluded)> MapAsync(List<Claim> claims, CancellationToken ct)
    {
        var clinicIds = claims.Select(c => c.ClinicId).Distinct().ToList();
        var payerIds = claims.Select(c => c.PayerId!.Value).Distinct().ToList();
        var patientIds = claims.Select(c => c.PatientId).Distinct().ToList();
        var coverageIds = claims.Select(c => c.CoverageId!.Value).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var payers = await db.Payers.AsNoTracking().Where(p => payerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var coverages = await db.Coverages.AsNoTracking().Where(c => coverageIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var providers = await db.Providers.AsNoTracking().Where(p => clinicIds.Contains(p.ClinicId)).ToListAsync(ct);
        var primaries = await PrimariesAsync(claims, ct);

        var mapped = new List<(Claim, Professional837Claim)>();
        var excluded = new List<X12Issue>();
        foreach (var claim in claims)
        {
            var rendering = claim.RenderingProviderNpi is { } npi ? providers.Find(p => p.ClinicId == claim.ClinicId && p.Npi == npi) : null;
            var parties = new ClaimParties(clinics[claim.ClinicId], payers[claim.PayerId!.Value], patients[claim.PatientId], coverages[claim.CoverageId!.Value], rendering)
            {
                Primary = primaries.GetValueOrDefault(claim.Id),
            };
            var (x12, issues) = await Claim837Mapper.MapAsync(db.Phi, claim, parties, ct);
            if (x12 is null) excluded.AddRange(issues);
            else mapped.Add((claim, x12));
        }
        db.ForgetDataKeys();

        // The writer validates the whole batch; a claim it refuses leaves the batch, the others go. An issue that
        // names no claim is in our own settings (ISA, submitter): nothing can go until it is fixed.
        while (mapped.Count > 0)
        {
            var check = Professional837Writer.Validate(Batch(mapped.Select(m => m.Item2).ToList(), new X12ControlNumbers(1, 1, 1)));
            if (check.Succeeded) break;
            var general = check.Issues.Where(i => i.ClaimControlNumber is null).ToList();
            if (general.Count > 0) throw new DomainValidationException("The submission settings are not valid for an 837P: " + string.Join("; ", general));
            var refused = check.Issues.Select(i => i.ClaimControlNumber!).ToHashSet(StringComparer.Ordinal);
            excluded.AddRange(check.Issues);
            mapped.RemoveAll(m => refused.Contains(m.Item2.ControlNumber));
        }
        return (mapped, excluded);
    }

    /// <summary>For claims billed to a secondary payer: the primary payer, coverage and posted decision the 837P repeats.</summary>
    private async Task<Dictionary<Guid, PrimaryAdjudication>> PrimariesAsync(List<Claim> claims, CancellationToken ct)
    {
        var secondary = claims.Where(c => c.PrimaryPostingId is not null).ToList();
        if (secondary.Count == 0) return [];
        var postingIds = secondary.Select(c => c.PrimaryPostingId!.Value).ToList();
        var payerIds = secondary.Select(c => c.PrimaryPayerId!.Value).Distinct().ToList();
        var coverageIds = secondary.Select(c => c.PrimaryCoverageId!.Value).Distinct().ToList();
        var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => postingIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var payers = await db.Payers.AsNoTracking().Where(p => payerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var coverages = await db.Coverages.AsNoTracking().Where(c => coverageIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return secondary.ToDictionary(c => c.Id, c =>
        {
            var posting = postings[c.PrimaryPostingId!.Value];
            // The day we posted the primary's 835 stands for its adjudication date (2330B DTP*573).
            return new PrimaryAdjudication(payers[c.PrimaryPayerId!.Value], coverages[c.PrimaryCoverageId!.Value], EobClaim.FromJson(posting.Detail), DateOnly.FromDateTime(posting.PostedAt.UtcDateTime));
        });
    }

    private Professional837Batch Batch(IReadOnlyList<Professional837Claim> claims, X12ControlNumbers numbers) =>
        new(settings.Interchange, numbers, clock.GetUtcNow().UtcDateTime, numbers.Interchange.ToString("D9", CultureInfo.InvariantCulture), settings.Submitter, settings.Receiver, claims);

    private async Task<SubmissionBatch> StoreAsync(List<(Claim Claim, Professional837Claim Mapped)> mapped, string scope, Caller caller, CancellationToken ct)
    {
        var transactionSets = mapped.GroupBy(m => m.Claim.PayerId).Sum(g => (g.Count() + Professional837Writer.MaxClaimsPerTransactionSet - 1) / Professional837Writer.MaxClaimsPerTransactionSet);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var numbers = new X12ControlNumbers(
            (int)await X12ControlNumberIssuer.NextAsync(db, X12Counter.Interchange, 1, ct),
            (int)await X12ControlNumberIssuer.NextAsync(db, X12Counter.Group, 1, ct),
            (int)await X12ControlNumberIssuer.NextAsync(db, X12Counter.TransactionSet, transactionSets, ct));
        var batch = new SubmissionBatch(Guid.CreateVersion7(), now, caller.Actor.Id, scope, numbers, transactionSets);
        byte[] content;
        using (var stream = new MemoryStream())
        {
            var result = Professional837Writer.Write(Batch([.. mapped.Select(m => m.Mapped)], numbers), stream);
            if (!result.Succeeded) throw new InvalidOperationException("The 837P validated a moment ago and now does not: " + string.Join("; ", result.Issues));
            content = stream.ToArray();
        }
        batch.Store(SealedFile.Seal(Keys, BatchTable, batch.Id, content), content.Length);
        foreach (var (claim, x12) in mapped)
        {
            // A void (frequency 8) stays Voided: sending it tells the payer, it does not move the claim.
            if (claim.State == ClaimState.ReadyToSubmit) claim.Submit(caller.Actor, now);
            batch.Add(new SubmissionBatchClaim(claim.Id, claim.ClinicId, claim.PayerId!.Value, x12.ControlNumber, (int)claim.Frequency, claim.TotalCharge.Cents));
        }
        Array.Clear(content);
        db.SubmissionBatches.Add(batch);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "SubmissionBatch", batch.Id.ToString(), null,
            FormattableString.Invariant($"837P batch ISA13 {numbers.Interchange} GS06 {numbers.Group}: {batch.ClaimCount} claims, {batch.TransactionSets} ST, total {batch.TotalChargeCents / 100m:0.00}; patients' names, birth dates, addresses and member ids decrypted into the encrypted file")));
        await db.SaveChangesAsync(ct);
        if (BeforeCommit is not null) await BeforeCommit();
        await transaction.CommitAsync(ct);
        return batch;
    }

    private async Task<string?> TrySendAsync(SubmissionBatch batch, Caller caller, string verb, CancellationToken ct)
    {
        try
        {
            await mailbox.PutAsync(MailboxFolder.Inbound, batch.FileName, batch.File.Open(Keys, BatchTable, batch.Id), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Renci.SshNet.Common.SshException or System.Net.Sockets.SocketException)
        {
            // The batch and its Submitted claims are committed; only the upload failed. Say why without the file.
            db.Audit(AuditRecords.For(caller, AuditAction.Export, "SubmissionBatch", batch.Id.ToString(), null, $"837P batch upload to {mailbox.Describe} failed: {ex.GetType().Name}", outcome: AuditOutcome.Failure));
            await db.SaveChangesAsync(ct);
            return $"The upload to {mailbox.Describe} failed ({ex.Message}); the batch is stored: resend it.";
        }
        batch.MarkSent(clock.GetUtcNow());
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "SubmissionBatch", batch.Id.ToString(), null, $"837P batch ISA13 {batch.InterchangeControlNumber} {verb} to the clearinghouse ({mailbox.Describe})"));
        await db.SaveChangesAsync(ct);
        return null;
    }

    private async Task<SubmissionBatch?> MatchBatchAsync(X12Answer answer, CancellationToken ct)
    {
        if (answer.GroupControlNumber is { } group)
            return await db.SubmissionBatches.FirstOrDefaultAsync(b => b.GroupControlNumber == group, ct);
        if (answer.ClaimControlNumbers.Count == 0) return null;
        var first = answer.ClaimControlNumbers[0];
        var batchId = await db.SubmissionBatchClaims.AsNoTracking().Where(c => c.ControlNumber == first).OrderByDescending(c => c.Id).Select(c => (Guid?)c.BatchId).FirstOrDefaultAsync(ct);
        return batchId is null ? null : await db.SubmissionBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
    }
}

/// <summary>A file taken from the clearinghouse: its kind, what it says (no PHI) and its batch.</summary>
public sealed record ReceivedSummary(Guid Id, string Name, string Kind, string Summary, Guid? BatchId);

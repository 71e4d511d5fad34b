using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Submission;
using Claims.X12;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>An X12 file a biller uploaded: the name is shown back on the result page only, never stored (it may name a patient).</summary>
public sealed record UploadedFile(string Name, byte[] Content);

/// <summary>
/// A biller's remittance files: upload 999/277CA/835 files, or fetch the clearinghouse mailbox (through
/// <see cref="Submissions.FetchAnswersAsync"/>, which stores each new file sealed), and post every file not posted yet
/// through <see cref="RemittancePosting"/> (each transaction set its own transaction, idempotent). X12 files name
/// patients: an upload is sealed into <c>received_files</c> like a fetched file before it is read, and only the
/// PHI-free result is kept in clear. Every upload, posting and view of results is audited.
/// </summary>
public sealed class RemittanceFiles(ClaimsDbContext db, TimeProvider clock, Submissions submissions)
{
    /// <summary>Claims and exceptions kept per transaction set in a stored result (counts and totals are whole).</summary>
    public const int ListedPerDocument = 500;

    /// <summary>Files a fetch posts at most in one go; the rest wait for the next fetch.</summary>
    public const int PendingPerRun = 50;

    /// <summary>Seals each file, then posts it; one result per file, in the order given.</summary>
    public async Task<IReadOnlyList<RemittanceFileResult>> UploadAsync(IReadOnlyList<UploadedFile> files, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        EnsureBiller(caller);
        if (files.Count == 0 || files.All(f => f.Content.Length == 0)) throw new DomainValidationException("Choose one or more 999, 277CA or 835 files to upload.");
        var results = new List<RemittanceFileResult>();
        foreach (var upload in files.Where(f => f.Content.Length > 0))
        {
            var now = clock.GetUtcNow();
            var answer = X12Answer.Read(upload.Content);
            var id = Guid.CreateVersion7();
            var name = string.Create(CultureInfo.InvariantCulture, $"upload-{now:yyyyMMdd-HHmmss}-{id:N}.x12");
            var file = new ReceivedFile(id, name, now, answer.Kind, await MatchBatchAsync(answer, cancellationToken), answer.Summary, upload.Content.Length);
            file.Store(SealedFile.Seal(Keys, Submissions.ReceivedTable, id, upload.Content));
            db.ReceivedFiles.Add(file);
            db.Audit(AuditRecords.For(caller, AuditAction.Create, "ReceivedFile", id.ToString(), null, $"{answer.Kind} uploaded by a biller ({upload.Content.Length} bytes): {answer.Summary}"));
            await db.SaveChangesAsync(cancellationToken);
            var result = await PostFileAsync(file.Id, file.Name, answer.Kind, upload.Content, "upload", caller, cancellationToken);
            results.Add(result with { Name = DisplayName(upload.Name) });
        }
        return results;
    }

    /// <summary>Fetches the mailbox's new files (stored sealed by submission) and posts every received file not posted yet.</summary>
    public async Task<(IReadOnlyList<ReceivedSummary> Fetched, IReadOnlyList<RemittanceFileResult> Posted)> FetchAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var fetched = await submissions.FetchAnswersAsync(caller, cancellationToken);
        return (fetched, await PostPendingAsync(caller, cancellationToken));
    }

    /// <summary>Posts the received files that have not been posted (the mailbox-fetch job posts them itself unless <c>Jobs:PostRemittances</c> is false).</summary>
    public async Task<IReadOnlyList<RemittanceFileResult>> PostPendingAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var pending = await db.ReceivedFiles.AsNoTracking().Where(f => !db.RemittanceFilePostings.Any(p => p.FileId == f.Id))
            .OrderBy(f => f.ReceivedAt).ThenBy(f => f.Id).Take(PendingPerRun).ToListAsync(cancellationToken);
        var results = new List<RemittanceFileResult>();
        foreach (var file in pending)
        {
            var content = file.File.Open(Keys, Submissions.ReceivedTable, file.Id);
            results.Add(await PostFileAsync(file.Id, file.Name, file.Kind, content, "mailbox", caller, cancellationToken));
        }
        return results;
    }

    /// <summary>The latest file postings, newest first, with their stored results (audited: the results name claims).</summary>
    public async Task<IReadOnlyList<RemittanceFileResult>> RecentAsync(int take, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var rows = await db.RemittanceFilePostings.AsNoTracking().OrderByDescending(p => p.PostedAt).ThenByDescending(p => p.Id).Take(take)
            .Select(p => p.Result).ToListAsync(cancellationToken);
        var results = rows.Select(RemittanceFileResult.FromJson).ToList();
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "RemittanceFile", null, null, $"remittance results viewed ({results.Count} files)"));
        await db.SaveChangesAsync(cancellationToken);
        return results;
    }

    /// <summary>How many received files wait to be posted.</summary>
    public Task<int> PendingCountAsync(CancellationToken cancellationToken = default) =>
        db.ReceivedFiles.CountAsync(f => !db.RemittanceFilePostings.Any(p => p.FileId == f.Id), cancellationToken);

    private async Task<RemittanceFileResult> PostFileAsync(Guid fileId, string name, string kind, byte[] content, string source, Caller caller, CancellationToken ct)
    {
        var posting = new RemittancePosting(db, clock) { SourceFileId = fileId };
        var documents = new List<RemittanceDocumentResult>();
        string? error = null;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            foreach (var document in RemittanceFile.Read(stream))
                documents.Add(RemittanceDocumentResult.From(await posting.PostAsync(document, caller, ct), ListedPerDocument));
        }
        catch (X12FormatException ex)
        {
            // What was read before the error is posted (each transaction set stands alone); the message names segments, not values.
            error = ex.Message;
        }
        finally
        {
            Array.Clear(content);
        }
        var result = new RemittanceFileResult(fileId, name, kind, clock.GetUtcNow(), error, documents);
        db.RemittanceFilePostings.Add(new RemittanceFilePosting(fileId, source, caller.Actor.Id, result.PostedAt, kind, error, result.ToJson()));
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "RemittanceFile", fileId.ToString(), null,
            $"{kind} file posted ({source}): {documents.Count} transaction sets, {documents.Sum(d => d.Posted)} claims moved, {documents.Count(d => d.AlreadyPosted)} already posted, {documents.Sum(d => d.ExceptionCount)} exceptions{(error is null ? "" : ", read error")}"));
        await db.SaveChangesAsync(ct);
        return result;
    }

    private async Task<Guid?> MatchBatchAsync(X12Answer answer, CancellationToken ct)
    {
        if (answer.GroupControlNumber is { } group)
            return await db.SubmissionBatches.Where(b => b.GroupControlNumber == group).OrderByDescending(b => b.CreatedAt).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct);
        if (answer.ClaimControlNumbers.Count == 0) return null;
        var first = answer.ClaimControlNumbers[0];
        return await db.SubmissionBatchClaims.AsNoTracking().Where(c => c.ControlNumber == first).OrderByDescending(c => c.Id).Select(c => (Guid?)c.BatchId).FirstOrDefaultAsync(ct);
    }

    private static string DisplayName(string name)
    {
        var bare = Path.GetFileName(name.Replace('\\', '/'));
        return bare.Length > 120 ? bare[..120] : bare;
    }

    private Security.IKeyRing Keys => db.KeyRing ?? throw new InvalidOperationException("Remittance files are PHI and stored encrypted: a key ring is needed.");

    private static void EnsureBiller(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not post remittance files.");
    }
}

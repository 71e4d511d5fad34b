using System.Text;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>One exception as the worklist shows it: what (transaction, claim, amounts), why (reason, message, segment), and its resolution.</summary>
public sealed record RemittanceExceptionView(
    Guid Id,
    DateTimeOffset CreatedAt,
    string Transaction,
    string? TraceNumber,
    string ControlNumber,
    Guid? ClaimId,
    RemittanceExceptionReason Reason,
    string Message,
    int SegmentNumber,
    long? ChargeCents,
    long? PaidCents,
    bool CanRepost,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    RemittanceExceptionResolution? Resolution,
    string? Note);

/// <summary>
/// The biller's remittance exceptions worklist: what could not be posted and why, and the two ways to close one, each
/// one transaction with its audit entry: mark it handled with a note (sealed: free text may name a patient), or
/// re-post the claim payment from its sealed source file once the cause is fixed (e.g. the claim now exists).
/// </summary>
public sealed class RemittanceExceptions(ClaimsDbContext db, TimeProvider clock)
{
    internal const string Table = "remittance_exceptions";

    /// <summary>The longest note a biller can leave.</summary>
    public const int MaxNoteLength = 1000;

    private static readonly RemittanceExceptionReason[] Repostable =
    [
        RemittanceExceptionReason.UnknownClaim, RemittanceExceptionReason.ChargeMismatch, RemittanceExceptionReason.LineUnmatched,
        RemittanceExceptionReason.StateCannotTake, RemittanceExceptionReason.ReversalUnmatched,
    ];

    /// <summary>Open exceptions (or the resolved ones), newest first; notes are decrypted, so the read is audited.</summary>
    public async Task<IReadOnlyList<RemittanceExceptionView>> ListAsync(bool resolved, int take, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var rows = await (from x in db.RemittanceExceptions.AsNoTracking()
                          where resolved ? x.ResolvedAt != null : x.ResolvedAt == null
                          join d in db.PostedDocuments on x.DocumentId equals d.Id
                          orderby x.CreatedAt descending, x.Id descending
                          select new { x, d.TransactionCode, d.TraceNumber, d.SourceFileId }).Take(take).ToListAsync(cancellationToken);
        var views = rows.Select(r => new RemittanceExceptionView(r.x.Id, r.x.CreatedAt, r.TransactionCode, r.TraceNumber, r.x.ControlNumber, r.x.ClaimId,
            r.x.Reason, r.x.Message, r.x.SegmentNumber, r.x.ChargeCents, r.x.PaidCents,
            r.x.IsOpen && r.TransactionCode == "835" && r.SourceFileId is not null && Repostable.Contains(r.x.Reason),
            r.x.ResolvedAt, r.x.ResolvedBy, r.x.Resolution, r.x.Note is { } note ? Encoding.UTF8.GetString(note.Open(Keys, Table, r.x.Id)) : null)).ToList();
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "RemittanceException", null, null, $"{(resolved ? "resolved" : "open")} remittance exceptions viewed ({views.Count})"));
        await db.SaveChangesAsync(cancellationToken);
        return views;
    }

    /// <summary>Marks an open exception handled, with an optional note.</summary>
    public async Task ResolveAsync(Guid id, string? note, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text is { Length: > MaxNoteLength }) throw new DomainValidationException($"A note has at most {MaxNoteLength} characters.");
        var item = await FindAsync(id, cancellationToken);
        item.Resolve(RemittanceExceptionResolution.Handled, caller.Actor.Id, clock.GetUtcNow(), text is null ? null : SealedFile.Seal(Keys, Table, item.Id, Encoding.UTF8.GetBytes(text)));
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "RemittanceException", item.Id.ToString(), null,
            $"remittance exception {item.Reason} for {item.ControlNumber} marked handled{(text is null ? "" : " with a note")}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Posts the exception's claim payment again from its sealed 835, in one transaction with the exception's
    /// resolution; when it still cannot post, nothing changes and the reason is the error's message.
    /// </summary>
    public async Task<PostedClaim> RepostAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await FindAsync(id, cancellationToken);
        if (!item.IsOpen) throw new DomainValidationException($"Exception {id} was already resolved ({item.Resolution}).");
        var document = await db.PostedDocuments.AsNoTracking().FirstAsync(d => d.Id == item.DocumentId, cancellationToken);
        if (document.TransactionCode != "835" || !Repostable.Contains(item.Reason))
            throw new DomainValidationException($"A {item.Reason} exception of a {document.TransactionCode} cannot be re-posted: mark it handled instead.");
        if (document.SourceFileId is not { } fileId) throw new DomainValidationException("The 835 was posted from a file that was not kept (CLI): post the file again with claims remit.");
        var (advice, payment) = await FindPaymentAsync(fileId, document, item, caller, cancellationToken);

        var posted = await new RemittancePosting(db, clock).RepostClaimAsync(advice, payment, document, cancellationToken);
        item.Resolve(RemittanceExceptionResolution.Reposted, caller.Actor.Id, clock.GetUtcNow(), null);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "RemittanceException", item.Id.ToString(), null,
            $"remittance exception {item.Reason} for {item.ControlNumber} re-posted: claim {posted.ClaimId} {posted.Outcome}, paid {posted.PaidCents}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return posted;
    }

    private async Task<(RemittanceAdvice Advice, ClaimPayment Payment)> FindPaymentAsync(Guid fileId, PostedDocument document, RemittanceExceptionItem item, Caller caller, CancellationToken ct)
    {
        var file = await db.ReceivedFiles.AsNoTracking().FirstAsync(f => f.Id == fileId, ct);
        var content = file.File.Open(Keys, Submissions.ReceivedTable, file.Id);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            foreach (var advice in RemittanceFile.Read(stream).OfType<RemittanceAdvice>())
            {
                if (RemittanceContentKey.For(advice) != document.ContentKey) continue;
                var payment = advice.Claims.FirstOrDefault(c => c.SegmentNumber == item.SegmentNumber)
                    ?? throw new DomainValidationException($"No claim payment at segment {item.SegmentNumber} in the 835.");
                db.Audit(AuditRecords.For(caller, AuditAction.Read, "ReceivedFile", file.Id.ToString(), null, $"835 opened to re-post the claim payment at segment {item.SegmentNumber}"));
                return (advice, payment);
            }
        }
        finally
        {
            Array.Clear(content);
        }
        throw new DomainValidationException("The 835 this exception came from is no longer in its file.");
    }

    private async Task<RemittanceExceptionItem> FindAsync(Guid id, CancellationToken ct) =>
        await db.RemittanceExceptions.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"Remittance exception {id} was not found.");

    private Security.IKeyRing Keys => db.KeyRing ?? throw new InvalidOperationException("Notes are sealed: a key ring is needed.");

    private static void EnsureBiller(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not work remittance exceptions.");
    }
}

using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// Appeals of denials, level by level: draft (the argument encrypted under the patient's key; refused when the rules say
/// the code is not appealable, e.g. CO-29 at Medicare or CO-16 with MA130, or when the window has closed), attach
/// documents (encrypted), send (the claim moves Denied -> Appealed), record the payer's decision (upheld: the claim is
/// Denied again and the next level's deadline is set; overturned: the payer's next 835 pays it), and the letter as a
/// PDF from one template. Every act is one transaction with its audit entries; reads and downloads are audited.
/// </summary>
public sealed class Appeals(ClaimsDbContext db, TimeProvider clock)
{
    internal const string AppealTable = "appeals";
    internal const string AttachmentTable = "appeal_attachments";

    /// <summary>Drafts the claim's next appeal with its argument.</summary>
    public async Task<Appeal> DraftAsync(Guid claimId, string? argument, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        var text = Appeal.ValidArgument(argument);
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken) ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (!claim.CanAppeal) throw new InvalidTransitionException(claim.Id, claim.State, ClaimTrigger.Appeal);
        if (await db.Appeals.AnyAsync(a => a.ClaimId == claimId && a.Status != AppealStatus.Decided, cancellationToken))
            throw new DomainValidationException($"Claim {claim.ControlNumber.Value} already has an appeal in progress.");
        var denial = await new DenialWorklist(db, clock).FindAsync(claimId, cancellationToken) ?? throw new DomainValidationException("Only a payer's denial is appealed.");
        // A denial with no codes on file (a paper notice) is appealed as OA-A1, "claim/service denied".
        var primary = denial.Primary ?? new DenialCode(null, "OA", "A1", [], denial.AmountCents, "Claim/service denied.", [], DenialVerdict.Unclassified);
        if (!primary.Verdict.Appealable)
            throw new DomainValidationException($"{primary.Label} is not appealable{(denial.Medicare ? " at Medicare" : "")}: {primary.Verdict.Note}");
        var deadline = await DeadlineAsync(denial, cancellationToken);
        var today = Today;
        if (today > deadline) throw new DomainValidationException($"The {DenialWords.AppealLevel(denial.NextAppealLevel, denial.Medicare).ToLowerInvariant()} window closed on {deadline:yyyy-MM-dd}.");
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        var rarcs = primary.Rarcs.Count == 0 ? null : string.Join(",", primary.Rarcs);
        var appeal = new Appeal(claim, denial.NextAppealLevel, primary.Group, primary.Carc, rarcs, deadline, caller.Actor.Id, clock.GetUtcNow());
        appeal.Argue(PhiCipher.Seal(key, claim.PatientId, new PhiCell(AppealTable, nameof(Appeal.ArgumentCipher), appeal.Id), text));
        db.Appeals.Add(appeal);
        db.Audit(Record(caller, AuditAction.Create, appeal, denial.Patient, $"appeal level {appeal.Level} drafted for {primary.Label}, deadline {deadline:yyyy-MM-dd}"));
        await db.SaveChangesAsync(cancellationToken);
        return appeal;
    }

    /// <summary>Encloses a document with a drafted appeal; its label and content are encrypted under the patient's key.</summary>
    public async Task<AppealAttachment> AttachAsync(Guid appealId, string? label, string? contentType, byte[] content, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0 || content.Length > AppealAttachment.MaxBytes) throw new DomainValidationException($"An attachment has 1 byte to {AppealAttachment.MaxBytes / 1024 / 1024} MB (got {content.Length} bytes).");
        var name = string.IsNullOrWhiteSpace(label) ? "Attachment" : label.Trim();
        if (name.Length > 200) throw new DomainValidationException("An attachment's label has at most 200 characters.");
        var type = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Trim();
        if (type.Length > 100 || !type.Contains('/', StringComparison.Ordinal)) throw new DomainValidationException("The content type is a MIME type such as application/pdf.");
        var (appeal, claim, pseudonym) = await LoadAsync(appealId, cancellationToken);
        if (appeal.Status != AppealStatus.Drafted) throw new DomainValidationException($"Appeal {appealId} was sent: enclosures are added while it is drafted.");
        var key = await db.Phi.DataKeyForSealingAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        var attachment = new AppealAttachment(appeal.Id, type, content.Length, caller.Actor.Id, clock.GetUtcNow());
        attachment.Seal(
            PhiCipher.Seal(key, claim.PatientId, new PhiCell(AttachmentTable, nameof(AppealAttachment.LabelCipher), attachment.Id), name),
            PhiCipher.Seal(key, claim.PatientId, new PhiCell(AttachmentTable, nameof(AppealAttachment.ContentCipher), attachment.Id), Convert.ToBase64String(content)));
        db.AppealAttachments.Add(attachment);
        db.Audit(Record(caller, AuditAction.Upload, appeal, pseudonym, $"attachment {attachment.Id} added ({type}, {content.Length} bytes)"));
        await db.SaveChangesAsync(cancellationToken);
        return attachment;
    }

    /// <summary>The appeal went to the payer: the claim moves to Appealed.</summary>
    public async Task<Appeal> SendAsync(Guid appealId, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        var (appeal, claim, pseudonym) = await LoadAsync(appealId, cancellationToken, track: true);
        var medicare = await IsMedicareAsync(claim, cancellationToken);
        var now = clock.GetUtcNow();
        appeal.MarkSent(now);
        claim.Appeal(caller.Actor, $"{DenialWords.AppealLevel(appeal.Level, medicare)} (level {appeal.Level}) sent for {appeal.Group}-{appeal.Carc}", now);
        db.Audit(Record(caller, AuditAction.Update, appeal, pseudonym, $"appeal level {appeal.Level} sent"));
        await db.SaveChangesAsync(cancellationToken);
        return appeal;
    }

    /// <summary>
    /// Records the payer's decision dated <paramref name="decidedOn"/>. Upheld: the claim is Denied again and the next
    /// level's deadline counts from the decision. Overturned: the claim waits, Appealed, for the payer's 835.
    /// </summary>
    public async Task<Appeal> DecideAsync(Guid appealId, AppealOutcome outcome, DateOnly decidedOn, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        if (decidedOn > Today) throw new DomainValidationException($"A decision dated {decidedOn:yyyy-MM-dd} is in the future.");
        var (appeal, claim, pseudonym) = await LoadAsync(appealId, cancellationToken, track: true);
        var medicare = await IsMedicareAsync(claim, cancellationToken);
        DateOnly? next = null;
        if (outcome == AppealOutcome.Upheld)
        {
            var book = await DenialRuleBook.LoadAsync(db, cancellationToken);
            var remarks = appeal.Rarcs?.Split(',') ?? [];
            var window = book.Classify(claim.PayerId, medicare, appeal.Group, appeal.Carc, remarks).AppealWindowDays ?? book.PayerAppealWindow(claim.PayerId);
            next = AppealWindows.Deadline(decidedOn, appeal.Level + 1, medicare, window);
        }
        appeal.Decide(outcome, decidedOn, next);
        if (outcome == AppealOutcome.Upheld)
            claim.AppealUpheld(caller.Actor, $"{DenialWords.AppealLevel(appeal.Level, medicare)} upheld (decision dated {decidedOn:yyyy-MM-dd}); next level by {next:yyyy-MM-dd}", clock.GetUtcNow());
        db.Audit(Record(caller, AuditAction.Update, appeal, pseudonym, $"appeal level {appeal.Level} decided: {outcome.ToString().ToLowerInvariant()} on {decidedOn:yyyy-MM-dd}"));
        await db.SaveChangesAsync(cancellationToken);
        return appeal;
    }

    /// <summary>Appeals, most urgent open ones first then the decided, without their PHI; audited as a list read when a caller is given.</summary>
    public async Task<IReadOnlyList<AppealView>> ListAsync(Guid? claimId = null, AppealStatus? status = null, int take = 200, Caller? caller = null, CancellationToken cancellationToken = default)
    {
        var query = db.Appeals.AsNoTracking();
        if (claimId is { } id) query = query.Where(a => a.ClaimId == id);
        if (status is { } s) query = query.Where(a => a.Status == s);
        var rows = await (from a in query
                          join c in db.Claims on a.ClaimId equals c.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id
                          orderby a.Status == AppealStatus.Decided, a.Deadline, a.Id
                          select new { a, Control = c.ControlNumber, c.State, p.Pseudonym, Payer = py.Name, py.ClaimFilingIndicator })
                         .Take(take).ToListAsync(cancellationToken);
        if (caller is not null)
        {
            db.Audit(AuditRecords.For(caller, AuditAction.Read, "AppealList", claimId?.ToString(), null, $"appeals listed rows={rows.Count}"));
            await db.SaveChangesAsync(cancellationToken);
        }
        return [.. rows.Select(r => View(r.a, r.Control.Value, r.State, r.Pseudonym, r.Payer, AppealWindows.IsMedicare(r.ClaimFilingIndicator), null, []))];
    }

    /// <summary>One appeal with its argument and attachment labels decrypted (an audited read).</summary>
    public async Task<AppealView> ReadAsync(Guid appealId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (appeal, claim, pseudonym) = await LoadAsync(appealId, cancellationToken);
        var payer = await db.Payers.AsNoTracking().FirstAsync(p => p.Id == claim.PayerId, cancellationToken);
        var key = await db.Phi.DataKeyAsync(claim.PatientId, cancellationToken);
        var attachments = await db.AppealAttachments.AsNoTracking().Where(a => a.AppealId == appealId).OrderBy(a => a.AddedAt).ToListAsync(cancellationToken);
        var argument = key is null ? null : PhiCipher.Open(key, new PhiCell(AppealTable, nameof(Appeal.ArgumentCipher), appeal.Id), appeal.ArgumentCipher);
        var labels = attachments.Select(a => (a.Id, key is null ? null : PhiCipher.Open(key, new PhiCell(AttachmentTable, nameof(AppealAttachment.LabelCipher), a.Id), a.LabelCipher), a.ContentType, a.Length)).ToList();
        db.Audit(Record(caller, AuditAction.Read, appeal, pseudonym, key is null ? "appeal read: patient erased, text unreadable" : "appeal read"));
        await db.SaveChangesAsync(cancellationToken);
        return View(appeal, claim.ControlNumber.Value, claim.State, pseudonym, payer.Name, AppealWindows.IsMedicare(payer.ClaimFilingIndicator), argument ?? "(erased)", labels);
    }

    /// <summary>An enclosed document, decrypted, for a biller or an admin (an audited export).</summary>
    public async Task<AppealDocument> AttachmentAsync(Guid attachmentId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureMayExport(caller);
        var attachment = await db.AppealAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId, cancellationToken) ?? throw new NotFoundException($"Attachment {attachmentId} was not found.");
        var (appeal, claim, pseudonym) = await LoadAsync(attachment.AppealId, cancellationToken);
        var key = await db.Phi.DataKeyAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        var content = Convert.FromBase64String(PhiCipher.Open(key, new PhiCell(AttachmentTable, nameof(AppealAttachment.ContentCipher), attachment.Id), attachment.ContentCipher));
        db.Audit(Record(caller, AuditAction.Export, appeal, pseudonym, $"attachment {attachment.Id} downloaded ({content.Length} bytes)"));
        await db.SaveChangesAsync(cancellationToken);
        return new AppealDocument($"appeal-attachment-{attachment.Id:N}", attachment.ContentType, content);
    }

    /// <summary>
    /// The appeal letter as a PDF from the one template: provider, payer, patient and member id, claim and payer claim
    /// numbers, dates and services, the denial codes in words, the argument and the enclosures. Made on demand and never
    /// stored; handing it out is an audited export.
    /// </summary>
    public async Task<AppealDocument> LetterAsync(Guid appealId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureMayExport(caller);
        var (appeal, claim, pseudonym) = await LoadAsync(appealId, cancellationToken);
        var clinic = await db.Clinics.AsNoTracking().FirstAsync(c => c.Id == claim.ClinicId, cancellationToken);
        var payer = await db.Payers.AsNoTracking().FirstAsync(p => p.Id == claim.PayerId, cancellationToken);
        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == claim.PatientId, cancellationToken);
        var coverage = claim.CoverageId is { } cid ? await db.Coverages.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, cancellationToken) : null;
        var key = await db.Phi.DataKeyAsync(claim.PatientId, cancellationToken) ?? throw new PatientErasedException(claim.Id);
        var person = await db.Phi.RevealAsync(patient, cancellationToken);
        var memberId = coverage is null ? null : await db.Phi.RevealMemberIdAsync(coverage, cancellationToken);
        var argument = PhiCipher.Open(key, new PhiCell(AppealTable, nameof(Appeal.ArgumentCipher), appeal.Id), appeal.ArgumentCipher);
        var enclosures = (await db.AppealAttachments.AsNoTracking().Where(a => a.AppealId == appealId).OrderBy(a => a.AddedAt).ToListAsync(cancellationToken))
            .Select(a => PhiCipher.Open(key, new PhiCell(AttachmentTable, nameof(AppealAttachment.LabelCipher), a.Id), a.LabelCipher)).ToList();
        var denial = await new DenialWorklist(db, clock).FindAsync(claim.Id, cancellationToken);
        var medicare = AppealWindows.IsMedicare(payer.ClaimFilingIndicator);
        var content = AppealLetter.Write(new AppealLetter.Facts(appeal, claim, clinic, payer, person, memberId, argument, enclosures, denial, medicare, Today));
        db.Audit(Record(caller, AuditAction.Export, appeal, pseudonym, $"appeal letter level {appeal.Level} generated ({content.Length} bytes)"));
        await db.SaveChangesAsync(cancellationToken);
        return new AppealDocument(string.Create(CultureInfo.InvariantCulture, $"appeal-{claim.ControlNumber.Value}-L{appeal.Level}.pdf"), "application/pdf", content);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<DateOnly> DeadlineAsync(ClaimDenial denial, CancellationToken ct)
    {
        var upheld = await db.Appeals.AsNoTracking().Where(a => a.ClaimId == denial.ClaimId && a.Outcome == AppealOutcome.Upheld)
            .OrderByDescending(a => a.Level).FirstOrDefaultAsync(ct);
        if (upheld?.NextLevelDeadline is { } next) return next;
        var book = await DenialRuleBook.LoadAsync(db, ct);
        var window = denial.Primary?.Verdict.AppealWindowDays ?? book.PayerAppealWindow(denial.PayerId);
        return AppealWindows.Deadline(denial.RemittanceDate ?? Today, denial.NextAppealLevel, denial.Medicare, window);
    }

    private async Task<(Appeal Appeal, Claim Claim, string Pseudonym)> LoadAsync(Guid appealId, CancellationToken ct, bool track = false)
    {
        var appeal = await (track ? db.Appeals : db.Appeals.AsNoTracking()).FirstOrDefaultAsync(a => a.Id == appealId, ct) ?? throw new NotFoundException($"Appeal {appealId} was not found.");
        var claim = track
            ? await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstAsync(c => c.Id == appeal.ClaimId, ct)
            : await db.Claims.AsNoTracking().FirstAsync(c => c.Id == appeal.ClaimId, ct);
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
        return (appeal, claim, pseudonym);
    }

    private Task<bool> IsMedicareAsync(Claim claim, CancellationToken ct) =>
        db.Payers.Where(p => p.Id == claim.PayerId).Select(p => p.ClaimFilingIndicator == "MA" || p.ClaimFilingIndicator == "MB").FirstOrDefaultAsync(ct);

    private static void EnsureMayExport(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not take appeal documents.");
    }

    private static AppealView View(Appeal a, string control, ClaimState state, string pseudonym, string payer, bool medicare, string? argument, IReadOnlyList<(Guid, string?, string, int)> attachments) =>
        new(a.Id, a.ClaimId, control, state, pseudonym, payer, a.Level, DenialWords.AppealLevel(a.Level, medicare),
            a.Rarcs is null ? $"{a.Group}-{a.Carc}" : $"{a.Group}-{a.Carc}/{a.Rarcs.Replace(',', '/')}", a.PayerClaimNumber, a.Deadline, a.Status, a.Outcome,
            a.CreatedAt, a.SentAt, a.DecidedOn, a.NextLevelDeadline, argument, attachments);

    private static AuditRecord Record(Caller caller, AuditAction action, Appeal appeal, string pseudonym, string what) =>
        AuditRecords.For(caller, action, "Appeal", appeal.Id.ToString(), pseudonym, $"{what} claim={appeal.ClaimId}");
}

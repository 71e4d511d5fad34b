using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>A claim payment or acknowledgment that was not posted, as the result reports it.</summary>
public sealed record PostingProblem(string ControlNumber, RemittanceExceptionReason Reason, string Message, int SegmentNumber)
{
    /// <summary>CLP03 of an 835 claim payment; null for acknowledgments.</summary>
    public long? ChargeCents { get; init; }

    /// <summary>CLP04 of an 835 claim payment; null for acknowledgments.</summary>
    public long? PaidCents { get; init; }
}

/// <summary>
/// What posting one transaction set did: its document id (null when it had been posted before and nothing was done),
/// the claims posted and the ones sent to the exceptions list.
/// </summary>
public sealed record RemittancePostingResult(string TransactionCode, string ControlNumber, Guid? DocumentId, bool AlreadyPosted, int Posted, IReadOnlyList<PostingProblem> Exceptions)
{
    /// <summary>Each claim the transaction set moved, with what it did in cents (empty when already posted).</summary>
    public IReadOnlyList<PostedClaim> Claims { get; init; } = [];
}

/// <summary>
/// One claim as a posting moved it: the outcome (Paid, PartiallyPaid, Denied, Reversed, Accepted, Rejected) and the
/// cents the payer paid, wrote down (contractual), moved to the patient and refused (denied, still open). Ids and
/// money only.
/// </summary>
public sealed record PostedClaim(string ControlNumber, Guid ClaimId, string Outcome, long ChargeCents, long PaidCents, long ContractualCents, long PatientCents, long DeniedCents, string? Reason);

/// <summary>
/// Posts 835 remittances and 277CA acknowledgments to our claims and the ledger (DESIGN.md "Money and X12"; DOMAIN.md
/// 835 balancing and reversal). Each transaction set is one database transaction with its audit entries, posted at most
/// once (its <see cref="RemittanceContentKey"/> is unique). What cannot be posted (unbalanced, unknown claim, a state that
/// cannot take it ...) goes to the exceptions table with a PHI-free reason and changes no claim. A denial is recorded,
/// never written off: its balance stays open.
/// </summary>
public sealed class RemittancePosting(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>Claims loaded, changed and saved together inside the one transaction (bounds the change tracker).</summary>
    public const int ChunkSize = 1000;

    private static readonly Actor Payer = Actor.System(ClaimRole.Payer);

    /// <summary>The sealed received file being posted, recorded on each document (lets a biller re-post an exception).</summary>
    internal Guid? SourceFileId { get; init; }

    /// <summary>Posts any transaction set the readers return: a 999, a 277CA or an 835 (the web and <c>claims remit</c> call this).</summary>
    public Task<RemittancePostingResult> PostAsync(RemittanceDocument document, Caller caller, CancellationToken cancellationToken = default) => document switch
    {
        RemittanceAdvice advice => PostAsync(advice, caller, cancellationToken),
        ClaimAcknowledgment claims => PostAsync(claims, caller, cancellationToken),
        ImplementationAcknowledgment ack => PostAsync(ack, caller, cancellationToken),
        null => throw new ArgumentNullException(nameof(document)),
        _ => throw new ArgumentException($"{document.GetType().Name} is not a document that posts.", nameof(document)),
    };

    /// <summary>
    /// Posts an 835: every balancing CLP that matches a claim in a state that can take it moves the claim (Pay,
    /// PayPartially, Deny; a reversal CLP02 = 22 reverses the earlier posting) and adds its ledger rows; PLB items become
    /// payer-level rows. An 835 whose BPR does not balance posts no claim at all.
    /// </summary>
    public async Task<RemittancePostingResult> PostAsync(RemittanceAdvice advice, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(caller);
        var key = RemittanceContentKey.For(advice);
        if (await AlreadyPostedAsync(key, cancellationToken)) return new RemittancePostingResult("835", advice.ControlNumber, null, true, 0, []);

        var now = clock.GetUtcNow();
        var payerIdentifier = advice.Payer.Id ?? advice.TraceOriginatorId;
        var document = new PostedDocument("835", key, advice.ControlNumber, advice.TraceNumber, Clip(payerIdentifier, 80), advice.Payment.AmountCents, now);
        var findings = RemittanceBalancing.Check(advice);
        var run = new Run(document, now, advice.Claims.Where(c => c.IsReversal).Select(c => Normal(c.ClaimControlNumber)).ToHashSet(StringComparer.Ordinal));

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        document.SourceFileId = SourceFileId;
        db.PostedDocuments.Add(document);
        if (findings.FirstOrDefault(f => f.Level == BalanceLevel.Transaction) is { } unbalanced)
        {
            foreach (var claim in advice.Claims)
            {
                run.Current = claim;
                run.Problem(claim.ClaimControlNumber, null, RemittanceExceptionReason.TransactionUnbalanced, "the 835 does not balance: " + unbalanced.Message, claim.SegmentNumber);
            }
            run.Current = null;
        }
        else
        {
            var unbalancedClaims = UnbalancedClaims(advice, findings);
            foreach (var chunk in advice.Claims.Chunk(ChunkSize))
            {
                await PostChunkAsync(chunk, unbalancedClaims, run, cancellationToken);
                await SaveChunkAsync(run, cancellationToken);
            }
            if (advice.ProviderAdjustments.Count > 0)
            {
                var payerId = payerIdentifier is null ? null
                    : await db.Payers.Where(p => p.PayerId == payerIdentifier).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
                foreach (var plb in advice.ProviderAdjustments)
                    foreach (var item in plb.Items) run.Ledger.Add(LedgerEntry.ProviderLevel(payerId, plb.ProviderId, item, document.Id, now));
            }
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Remittance", document.Id.ToString(), null,
            Clip($"835 posted trn={advice.TraceNumber} st={advice.ControlNumber} paid={advice.Payment.AmountCents} claims={run.Posted} exceptions={run.Problems.Count} plb={advice.ProviderAdjustments.Sum(p => p.Items.Count)}", 2000)!));
        await SaveChunkAsync(run, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return new RemittancePostingResult("835", advice.ControlNumber, document.Id, false, run.Posted, run.Problems) { Claims = run.Moved };
    }

    /// <summary>
    /// Posts a 277CA: A1/A2 accept the claim (Submitted -> Accepted) and record the payer's claim number (REF*1K);
    /// A3/A4/A6/A7/A8 reject it with the status code and its category's words as the reason (never STC12 free text).
    /// A claim already accepted takes the number only. Matched on TRN02 = our claim control number.
    /// </summary>
    public async Task<RemittancePostingResult> PostAsync(ClaimAcknowledgment acknowledgment, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acknowledgment);
        ArgumentNullException.ThrowIfNull(caller);
        var key = RemittanceContentKey.For(acknowledgment);
        if (await AlreadyPostedAsync(key, cancellationToken)) return new RemittancePostingResult("277", acknowledgment.ControlNumber, null, true, 0, []);

        var now = clock.GetUtcNow();
        var document = new PostedDocument("277", key, acknowledgment.ControlNumber, Clip(acknowledgment.ReferenceId, 50), null, null, now);
        var run = new Run(document, now, []);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        document.SourceFileId = SourceFileId;
        db.PostedDocuments.Add(document);
        foreach (var chunk in acknowledgment.Claims.Chunk(ChunkSize))
        {
            var claims = await LoadClaimsAsync(chunk.Select(c => c.ClaimControlNumber), cancellationToken);
            foreach (var acknowledged in chunk) Acknowledge(acknowledged, claims, run);
            await SaveChunkAsync(run, cancellationToken);
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Remittance", document.Id.ToString(), null,
            $"277CA posted st={acknowledgment.ControlNumber} claims={run.Posted} exceptions={run.Problems.Count}"));
        await SaveChunkAsync(run, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return new RemittancePostingResult("277", acknowledgment.ControlNumber, document.Id, false, run.Posted, run.Problems) { Claims = run.Moved };
    }

    /// <summary>
    /// Posts a 999: the batch whose GS06 the AK102 echoes takes the group's verdict as its status (as fetching does), and
    /// when the group or some of its transaction sets were rejected, every claim the 837P carried in those sets is
    /// Rejected with the IK3/IK4/IK5 errors in words (never IK404's copy of the bad value). All in one transaction;
    /// the same 999 again posts nothing, and a claim already rejected is not rejected twice.
    /// </summary>
    public async Task<RemittancePostingResult> PostAsync(ImplementationAcknowledgment acknowledgment, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acknowledgment);
        ArgumentNullException.ThrowIfNull(caller);
        var key = RemittanceContentKey.For(acknowledgment);
        if (await AlreadyPostedAsync(key, cancellationToken)) return new RemittancePostingResult("999", acknowledgment.ControlNumber, null, true, 0, []);

        var now = clock.GetUtcNow();
        var document = new PostedDocument("999", key, acknowledgment.ControlNumber, Clip(acknowledgment.AcknowledgedGroupControlNumber, 50), null, null, now);
        var run = new Run(document, now, []);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        document.SourceFileId = SourceFileId;
        db.PostedDocuments.Add(document);
        var batch = int.TryParse(acknowledgment.AcknowledgedGroupControlNumber, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var group)
            ? await db.SubmissionBatches.Where(b => b.GroupControlNumber == group).OrderByDescending(b => b.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (batch is null)
        {
            run.Problem(acknowledgment.AcknowledgedGroupControlNumber, null, RemittanceExceptionReason.BatchUnknown,
                "999 AK102 names no submission batch of ours (GS06)", 2);
        }
        else
        {
            batch.Acknowledged(acknowledgment.IsGroupAccepted);
            await RejectBatchClaimsAsync(acknowledgment, batch, run, cancellationToken);
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Remittance", document.Id.ToString(), null,
            $"999 posted st={acknowledgment.ControlNumber} group={acknowledgment.AcknowledgedGroupControlNumber} status={acknowledgment.GroupStatus} batch={batch?.Id.ToString() ?? "none"} rejected={run.Posted} exceptions={run.Problems.Count}"));
        await SaveChunkAsync(run, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return new RemittancePostingResult("999", acknowledgment.ControlNumber, document.Id, false, run.Posted, run.Problems) { Claims = run.Moved };
    }

    private async Task RejectBatchClaimsAsync(ImplementationAcknowledgment acknowledgment, Submission.SubmissionBatch batch, Run run, CancellationToken ct)
    {
        var groupRejected = acknowledgment.GroupStatus is not ("A" or "E" or "P");
        var rejectedSets = acknowledgment.TransactionSets.Where(t => !t.IsAccepted).ToList();
        if (!groupRejected && rejectedSets.Count == 0) return;

        var sent = await db.SubmissionBatchClaims.AsNoTracking().Where(c => c.BatchId == batch.Id).OrderBy(c => c.Id)
            .Select(c => new { c.ClaimId, c.PayerId, c.ControlNumber }).ToListAsync(ct);
        // The 837P writer puts one payer's claims in consecutive transaction sets of at most MaxClaimsPerTransactionSet,
        // payers in order of first appearance, numbered up from FirstTransactionSet: the same walk finds each claim's ST02.
        var setOf = new Dictionary<Guid, int>();
        var number = batch.FirstTransactionSet;
        foreach (var payer in sent.GroupBy(c => c.PayerId))
        {
            foreach (var chunk in payer.Chunk(Submission.Professional837Writer.MaxClaimsPerTransactionSet))
            {
                foreach (var c in chunk) setOf[c.ClaimId] = number;
                number++;
            }
        }
        var reasons = new Dictionary<int, string>();
        foreach (var set in rejectedSets)
        {
            if (int.TryParse(set.ControlNumber, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var st))
                reasons[st] = Clip(AcknowledgmentCodes.RejectionReason(acknowledgment, set), Claim.MaxReasonLength)!;
        }
        var groupReason = Clip(AcknowledgmentCodes.RejectionReason(acknowledgment, null), Claim.MaxReasonLength)!;
        foreach (var chunk in sent.Chunk(ChunkSize))
        {
            var ids = chunk.Select(c => c.ClaimId).ToList();
            var claims = await db.Claims.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            foreach (var item in chunk)
            {
                var reason = reasons.GetValueOrDefault(setOf[item.ClaimId]) ?? (groupRejected ? groupReason : null);
                if (reason is null || !claims.TryGetValue(item.ClaimId, out var claim)) continue;
                if (claim.CanFire(ClaimTrigger.Reject, ClaimRole.Payer))
                {
                    claim.Reject(Payer, reason, run.Now);
                    run.Move(claim, "Rejected", reason);
                }
                else if (claim.State != ClaimState.Rejected)
                {
                    run.Problem(item.ControlNumber, claim.Id, RemittanceExceptionReason.StateCannotTake,
                        $"a 999 rejection cannot apply to a claim in state {claim.State}", 0);
                }
            }
            await SaveChunkAsync(run, ct);
        }
    }

    /// <summary>
    /// Posts one claim payment of an 835 that was posted before (its document exists) and sent this claim to the
    /// exceptions list: the biller fixed the cause (the claim now exists, its state can take the payment ...). Adds the
    /// claim's transition, posting and ledger rows to the context without saving: the caller's transaction saves them
    /// with the exception's resolution. Throws <see cref="DomainValidationException"/> when it still cannot post.
    /// </summary>
    internal async Task<PostedClaim> RepostClaimAsync(RemittanceAdvice advice, ClaimPayment payment, PostedDocument document, CancellationToken cancellationToken)
    {
        var findings = RemittanceBalancing.Check(advice);
        if (findings.FirstOrDefault(f => f.Level == BalanceLevel.Transaction) is { } unbalanced)
            throw new DomainValidationException("The 835 does not balance (" + unbalanced.Message + "): none of its claims can be posted.");
        var run = new Run(document, clock.GetUtcNow(), []);
        await PostChunkAsync([payment], UnbalancedClaims(advice, findings), run, cancellationToken);
        if (run.Problems.Count > 0) throw new DomainValidationException($"It still cannot be posted: {run.Problems[0].Message}.");
        // One claim: tracked inserts, saved by the caller with the exception's resolution.
        db.ClaimPaymentPostings.AddRange(run.Postings);
        db.LedgerEntries.AddRange(run.Ledger);
        return run.Moved[0];
    }

    private static void Acknowledge(AcknowledgedClaim acknowledged, Dictionary<string, Claim> claims, Run run)
    {
        var number = acknowledged.ClaimControlNumber;
        if (!claims.TryGetValue(Normal(number), out var claim))
        {
            run.Problem(number, null, RemittanceExceptionReason.UnknownClaim, "TRN02 names no claim of ours", acknowledged.SegmentNumber);
            return;
        }
        var status = acknowledged.Statuses.FirstOrDefault(s => s.Outcome == AcknowledgmentOutcome.Rejected)
            ?? acknowledged.Statuses.FirstOrDefault(s => s.Outcome == AcknowledgmentOutcome.Accepted)
            ?? acknowledged.Statuses[0];
        switch (acknowledged.Outcome)
        {
            case AcknowledgmentOutcome.Accepted when claim.CanFire(ClaimTrigger.Accept, ClaimRole.Payer):
                claim.Accept(Payer, run.Now);
                SetPayerClaimNumber(claim, acknowledged.PayerClaimNumber);
                run.Move(claim, "Accepted", null);
                break;
            case AcknowledgmentOutcome.Accepted when claim.State is ClaimState.Accepted or ClaimState.Paid or ClaimState.PartiallyPaid or ClaimState.Denied or ClaimState.Appealed:
                // A1 (clearinghouse received) is often followed by A2 (payer accepted): the second moves nothing.
                SetPayerClaimNumber(claim, acknowledged.PayerClaimNumber);
                run.Move(claim, "Accepted", null);
                break;
            case AcknowledgmentOutcome.Rejected when claim.CanFire(ClaimTrigger.Reject, ClaimRole.Payer):
                var why = RejectionReason(status);
                claim.Reject(Payer, why, run.Now);
                run.Move(claim, "Rejected", why);
                break;
            case AcknowledgmentOutcome.Other:
                run.Problem(number, claim.Id, RemittanceExceptionReason.StatusNotActionable,
                    $"status {status.Primary.Category}:{status.Primary.Code} neither accepts nor rejects the claim", status.SegmentNumber);
                break;
            default:
                run.Problem(number, claim.Id, RemittanceExceptionReason.StateCannotTake,
                    $"a {acknowledged.Outcome.ToString().ToLowerInvariant()} acknowledgment ({status.Primary.Category}:{status.Primary.Code}) cannot apply to a claim in state {claim.State}", status.SegmentNumber);
                break;
        }
    }

    /// <summary>"277CA A7:562 Rejected for invalid information (entity 85)": codes and the category's words, no free text.</summary>
    public static string RejectionReason(ClaimStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var p = status.Primary;
        var entity = p.EntityCode is null ? "" : $" (entity {p.EntityCode})";
        var more = status.Additional.Count == 0 ? "" : "; also " + string.Join(", ", status.Additional.Select(a => $"{a.Category}:{a.Code}"));
        return $"277CA {p.Category}:{p.Code} {StatusCategoryWords(p.Category)}{entity}{more}";
    }

    /// <summary>The health care claim status category (STC01-1) in words.</summary>
    public static string StatusCategoryWords(string category) => category switch
    {
        "A0" => "Forwarded to another entity",
        "A1" => "Received",
        "A2" => "Accepted into adjudication",
        "A3" => "Returned as unprocessable",
        "A4" => "Not found",
        "A5" => "Split claim",
        "A6" => "Rejected for missing information",
        "A7" => "Rejected for invalid information",
        "A8" => "Rejected for relational field in error",
        _ => "Status category " + category,
    };

    private async Task PostChunkAsync(ClaimPayment[] chunk, HashSet<int> unbalancedClaims, Run run, CancellationToken ct)
    {
        var claims = await LoadClaimsAsync(chunk.Select(c => c.ClaimControlNumber), ct);
        var ids = claims.Values.Select(c => c.Id).ToList();
        var charged = (await db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Charge && ids.Contains(e.ClaimId!.Value))
            .Select(e => e.ClaimId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        var reversed = chunk.Where(c => c.IsReversal).Select(c => Normal(c.ClaimControlNumber)).ToHashSet();
        var reversalTargets = reversed.Count == 0 ? [] : await LoadPostingsAsync(claims.Values.Where(c => reversed.Contains(c.ControlNumber.Value)).Select(c => c.Id).ToList(), ct);
        foreach (var payment in chunk)
        {
            run.Current = payment;
            var number = payment.ClaimControlNumber;
            if (!claims.TryGetValue(Normal(number), out var claim))
            {
                run.Problem(number, null, RemittanceExceptionReason.UnknownClaim, "CLP01 names no claim of ours", payment.SegmentNumber);
                continue;
            }
            if (unbalancedClaims.Contains(payment.SegmentNumber))
            {
                run.Problem(number, claim.Id, RemittanceExceptionReason.ClaimUnbalanced, "the claim payment does not balance (CLP03 - CLP04 against CAS, or SVC02 - CAS against SVC03)", payment.SegmentNumber);
                continue;
            }
            if (payment.IsReversal) Reverse(claim, payment, reversalTargets, run);
            else Post(claim, payment, charged, run);
        }
        run.Current = null;
    }

    private static void Post(Claim claim, ClaimPayment payment, HashSet<Guid> charged, Run run)
    {
        var number = payment.ClaimControlNumber;
        if (payment.ChargeCents != claim.TotalCharge.Cents)
        {
            run.Problem(number, claim.Id, RemittanceExceptionReason.ChargeMismatch,
                $"CLP03 {Cents(payment.ChargeCents)} is not the claim's charge {Cents(claim.TotalCharge.Cents)}", payment.SegmentNumber);
            return;
        }
        var lines = RemittanceLineMatcher.Match(claim.Lines, payment.Lines);
        var missing = Array.IndexOf(lines, null);
        if (missing >= 0)
        {
            var line = payment.Lines[missing];
            run.Problem(number, claim.Id, RemittanceExceptionReason.LineUnmatched,
                $"service line {missing + 1} ({line.Procedure.Code}) matches no line of the claim", line.SegmentNumber);
            return;
        }
        var (trigger, reason) = Decide(payment);
        if (!claim.CanFire(trigger, ClaimRole.Payer))
        {
            run.Problem(number, claim.Id, RemittanceExceptionReason.StateCannotTake,
                $"CLP02 {payment.StatusCode} would {trigger} a claim in state {claim.State}", payment.SegmentNumber);
            return;
        }
        if (charged.Add(claim.Id)) AddCharges(claim, run);
        switch (trigger)
        {
            case ClaimTrigger.Pay: claim.Pay(Payer, run.Now); break;
            case ClaimTrigger.PayPartially: claim.PayPartially(Payer, reason, run.Now); break;
            default: claim.Deny(Payer, reason, run.Now); break;
        }
        SetPayerClaimNumber(claim, payment.PayerClaimNumber);
        var posting = new ClaimPaymentPosting(run.Document.Id, claim.Id, payment, null, EobClaim.From(payment, lines).ToJson(), run.Now);
        run.Postings.Add(posting);
        var entries = Entries(claim.Id, payment, lines, posting.Id, run);
        run.Ledger.AddRange(entries);
        if (run.MayBeReversed(claim.ControlNumber.Value)) run.Remember(posting, entries);
        run.Move(claim, trigger switch { ClaimTrigger.Pay => "Paid", ClaimTrigger.PayPartially => "PartiallyPaid", _ => "Denied" }, reason, entries);
    }

    private static void Reverse(Claim claim, ClaimPayment reversal, Dictionary<Guid, List<(ClaimPaymentPosting Posting, List<LedgerEntry> Entries)>> stored, Run run)
    {
        var number = reversal.ClaimControlNumber;
        var target = run.LatestOpenPosting(claim.Id);
        if (target.Posting is null && stored.TryGetValue(claim.Id, out var list)) target = list.LastOrDefault(p => !run.IsReversed(p.Posting.Id));
        if (target.Posting is null)
        {
            run.Problem(number, claim.Id, RemittanceExceptionReason.ReversalUnmatched, "a reversal (CLP02 22) with no earlier payment of the claim to reverse", reversal.SegmentNumber);
            return;
        }
        if (reversal.ChargeCents != -target.Posting.ChargeCents || reversal.PaidCents != -target.Posting.PaidCents)
        {
            run.Problem(number, claim.Id, RemittanceExceptionReason.ReversalUnmatched,
                $"the reversal (charge {Cents(reversal.ChargeCents)}, paid {Cents(reversal.PaidCents)}) is not the negation of the posting it would undo (charge {Cents(target.Posting.ChargeCents)}, paid {Cents(target.Posting.PaidCents)})",
                reversal.SegmentNumber);
            return;
        }
        if (!claim.CanFire(ClaimTrigger.Reverse, ClaimRole.Payer))
        {
            run.Problem(number, claim.Id, RemittanceExceptionReason.StateCannotTake, $"a reversal cannot apply to a claim in state {claim.State}", reversal.SegmentNumber);
            return;
        }
        claim.Reverse(Payer, $"835 reversal (CLP02 22) of payment posted {target.Posting.PostedAt:yyyy-MM-dd}", run.Now);
        var lines = RemittanceLineMatcher.Match(claim.Lines, reversal.Lines);
        var posting = new ClaimPaymentPosting(run.Document.Id, claim.Id, reversal, target.Posting.Id, EobClaim.From(reversal, lines).ToJson(), run.Now);
        run.Postings.Add(posting);
        var negated = target.Entries.Select(e => e.Negated(run.Document.Id, posting.Id, run.Now)).ToList();
        run.Ledger.AddRange(negated);
        run.Reversed(target.Posting.Id, claim.Id);
        run.Move(claim, "Reversed", null, negated);
    }

    /// <summary>
    /// The claim's outcome: CLP02 4, or nothing paid and nothing owed by the patient, is a denial; anything the payer
    /// refused beyond contractual and patient amounts (e.g. a line denied CO-97) makes it partial; otherwise paid in
    /// full, i.e. paid = charge - contractual - patient responsibility. The reason lists the refusing group-CARC pairs.
    /// </summary>
    public static (ClaimTrigger Trigger, string? Reason) Decide(ClaimPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var all = payment.Adjustments.Concat(payment.Lines.SelectMany(l => l.Adjustments)).ToList();
        var refused = all.Where(a => LedgerEntry.Classify(a) == LedgerEntryKind.Denied && a.AmountCents != 0).Select(a => $"{a.Group}-{a.Reason}").Distinct().ToList();
        var patient = all.Where(a => a.Group == "PR").Sum(a => a.AmountCents);
        var reason = refused.Count == 0 ? null : Clip("835: " + string.Join(", ", refused), Claim.MaxReasonLength);
        if (payment.StatusCode == "4" || (payment.PaidCents == 0 && patient == 0)) return (ClaimTrigger.Deny, reason ?? "835: denied (CLP02 " + payment.StatusCode + ")");
        return refused.Count > 0 ? (ClaimTrigger.PayPartially, reason) : (ClaimTrigger.Pay, null);
    }

    private static List<LedgerEntry> Entries(Guid claimId, ClaimPayment payment, int?[] lines, Guid postingId, Run run)
    {
        var documentId = run.Document.Id;
        var entries = new List<LedgerEntry>(2 + (payment.Lines.Count * 3));
        var linePaid = 0L;
        for (var i = 0; i < payment.Lines.Count; i++)
        {
            var line = payment.Lines[i];
            var paid = line.PaidCents ?? 0;
            linePaid += paid;
            if (paid != 0) entries.Add(LedgerEntry.Payment(claimId, lines[i], paid, documentId, postingId, run.Now));
            foreach (var cas in line.Adjustments) entries.Add(LedgerEntry.Adjustment(claimId, lines[i], cas, documentId, postingId, run.Now));
        }
        // What the lines do not account for (or all of CLP04 when the payer sent no lines) is paid at claim level.
        var rest = payment.PaidCents - linePaid;
        if (rest != 0) entries.Add(LedgerEntry.Payment(claimId, null, rest, documentId, postingId, run.Now));
        foreach (var cas in payment.Adjustments) entries.Add(LedgerEntry.Adjustment(claimId, null, cas, documentId, postingId, run.Now));
        return entries;
    }

    /// <summary>One Charge per claim line, the first time the claim meets the ledger (here or, later, at submission).</summary>
    private static void AddCharges(Claim claim, Run run)
    {
        foreach (var line in claim.Lines) run.Ledger.Add(LedgerEntry.Charge(claim.Id, line.LineNumber, line.Charge.Cents, run.Now));
    }

    private static void SetPayerClaimNumber(Claim claim, string? number)
    {
        if (!string.IsNullOrWhiteSpace(number) && number.Trim().Length <= 50 && claim.PayerClaimNumber != number.Trim()) claim.SetPayerClaimNumber(number);
    }

    private async Task<Dictionary<string, Claim>> LoadClaimsAsync(IEnumerable<string> controlNumbers, CancellationToken ct)
    {
        var numbers = new List<ClaimControlNumber>();
        foreach (var text in controlNumbers.Select(Normal).Distinct())
        {
            try
            {
                numbers.Add(ClaimControlNumber.Parse(text));
            }
            catch (DomainValidationException)
            {
                // Not one of our numbers: it stays unmatched and becomes an exception.
            }
        }
        if (numbers.Count == 0) return [];
        var claims = await db.Claims.Where(c => numbers.Contains(c.ControlNumber)).ToListAsync(ct);
        return claims.ToDictionary(c => c.ControlNumber.Value, StringComparer.Ordinal);
    }

    private async Task<Dictionary<Guid, List<(ClaimPaymentPosting Posting, List<LedgerEntry> Entries)>>> LoadPostingsAsync(List<Guid> claimIds, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => claimIds.Contains(p.ClaimId)).OrderBy(p => p.PostedAt).ThenBy(p => p.Id).ToListAsync(ct);
        var reversedIds = postings.Where(p => p.ReversesId != null).Select(p => p.ReversesId!.Value).ToHashSet();
        var open = postings.Where(p => p.ReversesId == null && !reversedIds.Contains(p.Id)).ToList();
        var openIds = open.Select(p => p.Id).ToList();
        var entries = (await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimPaymentId != null && openIds.Contains(e.ClaimPaymentId.Value)).ToListAsync(ct))
            .ToLookup(e => e.ClaimPaymentId!.Value);
        return open.GroupBy(p => p.ClaimId).ToDictionary(g => g.Key, g => g.Select(p => (p, entries[p.Id].ToList())).ToList());
    }

    /// <summary>
    /// Saves a chunk: the claims' transitions, events and audit entries through EF Core (they need the change tracker),
    /// then the postings and their ledger rows with bulk inserts in the same transaction (rows the tracker never sees).
    /// </summary>
    private async Task SaveChunkAsync(Run run, CancellationToken ct)
    {
        foreach (var problem in run.TakeNewExceptions()) db.RemittanceExceptions.Add(problem);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await BulkInsert.InsertAsync(db, run.Postings, ct);
        await BulkInsert.InsertAsync(db, run.Ledger, ct);
        run.Postings.Clear();
        run.Ledger.Clear();
    }

    private Task<bool> AlreadyPostedAsync(string key, CancellationToken ct) => db.PostedDocuments.AnyAsync(d => d.ContentKey == key, ct);

    /// <summary>CLP/CAS segment numbers of the claims that do not balance (line findings count against their claim).</summary>
    private static HashSet<int> UnbalancedClaims(RemittanceAdvice advice, IReadOnlyList<BalanceFinding> findings)
    {
        var result = new HashSet<int>();
        if (findings.Count == 0) return result;
        var claimOfLine = new Dictionary<int, int>();
        foreach (var claim in advice.Claims)
            foreach (var line in claim.Lines) claimOfLine[line.SegmentNumber] = claim.SegmentNumber;
        foreach (var f in findings)
        {
            if (f.Level == BalanceLevel.Claim) result.Add(f.SegmentNumber);
            else if (f.Level == BalanceLevel.Line && claimOfLine.TryGetValue(f.SegmentNumber, out var clp)) result.Add(clp);
        }
        return result;
    }

    private static string Normal(string controlNumber) => controlNumber.Trim().ToUpperInvariant();

    private static string Cents(long cents) => X12.X12Values.FormatCents(cents);

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>The state of one transaction's posting across its chunks.</summary>
    private sealed class Run(PostedDocument document, DateTimeOffset now, HashSet<string> reversedLater)
    {
        private readonly List<RemittanceExceptionItem> _pending = [];
        private readonly List<PostingProblem> _problems = [];
        private readonly Dictionary<Guid, List<(ClaimPaymentPosting Posting, List<LedgerEntry> Entries)>> _postings = [];
        private readonly HashSet<Guid> _reversed = [];

        public PostedDocument Document { get; } = document;

        public DateTimeOffset Now { get; } = now;

        public int Posted => Moved.Count;

        public List<PostedClaim> Moved { get; } = [];

        /// <summary>Postings and ledger rows of the current chunk, bulk-inserted after its tracked changes are saved.</summary>
        public List<ClaimPaymentPosting> Postings { get; } = [];

        public List<LedgerEntry> Ledger { get; } = [];

        public List<PostingProblem> Problems => _problems;

        public void Move(Claim claim, string outcome, string? reason, List<LedgerEntry>? entries = null)
        {
            long paid = 0, contractual = 0, patient = 0, denied = 0;
            foreach (var e in entries ?? [])
            {
                switch (e.Kind)
                {
                    case LedgerEntryKind.Payment: paid += e.AmountCents; break;
                    case LedgerEntryKind.Contractual: contractual += e.AmountCents; break;
                    case LedgerEntryKind.PatientResponsibility: patient += e.AmountCents; break;
                    case LedgerEntryKind.Denied: denied += e.AmountCents; break;
                    default: break;
                }
            }
            Moved.Add(new PostedClaim(claim.ControlNumber.Value, claim.Id, outcome, claim.TotalCharge.Cents, paid, contractual, patient, denied, reason));
        }

        /// <summary>The CLP being posted: its charge and paid amounts go with any exception it raises.</summary>
        public ClaimPayment? Current { get; set; }

        public void Problem(string controlNumber, Guid? claimId, RemittanceExceptionReason reason, string message, int segment)
        {
            _problems.Add(new PostingProblem(controlNumber, reason, message, segment) { ChargeCents = Current?.ChargeCents, PaidCents = Current?.PaidCents });
            _pending.Add(new RemittanceExceptionItem(Document.Id, controlNumber, claimId, reason, message, segment, Now, Current?.ChargeCents, Current?.PaidCents));
        }

        public List<RemittanceExceptionItem> TakeNewExceptions()
        {
            var taken = _pending.ToList();
            _pending.Clear();
            return taken;
        }

        public bool MayBeReversed(string controlNumber) => reversedLater.Contains(controlNumber);

        // Postings of this run, kept only for claims that a later CLP of the same 835 may reverse.
        public void Remember(ClaimPaymentPosting posting, List<LedgerEntry> entries)
        {
            if (!_postings.TryGetValue(posting.ClaimId, out var list)) _postings[posting.ClaimId] = list = [];
            list.Add((posting, entries));
        }

        public (ClaimPaymentPosting Posting, List<LedgerEntry> Entries) LatestOpenPosting(Guid claimId) =>
            _postings.TryGetValue(claimId, out var list) ? list.LastOrDefault(p => !_reversed.Contains(p.Posting.Id)) : default;

        public bool IsReversed(Guid postingId) => _reversed.Contains(postingId);

        public void Reversed(Guid postingId, Guid claimId)
        {
            _reversed.Add(postingId);
            if (_postings.TryGetValue(claimId, out var list)) list.RemoveAll(p => p.Posting.Id == postingId);
        }
    }
}

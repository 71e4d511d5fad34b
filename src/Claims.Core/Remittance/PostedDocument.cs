using Claims.Persistence;

namespace Claims.Remittance;

/// <summary>
/// A 277CA or 835 transaction set that was posted, once: its content key (SHA-256 over what it says, not over its
/// envelope or separators) is unique, so the same transaction again, in this file or a re-sent one, posts nothing.
/// Immutable. Carries no names: trace number, payer id, counts and money only.
/// </summary>
public sealed class PostedDocument : IAppendOnly
{
    private PostedDocument() { } // EF Core

    internal PostedDocument(string transactionCode, string contentKey, string controlNumber, string? traceNumber, string? payerIdentifier, long? paymentCents, DateTimeOffset postedAt)
    {
        Id = Guid.CreateVersion7();
        TransactionCode = transactionCode;
        ContentKey = contentKey;
        ControlNumber = controlNumber;
        TraceNumber = traceNumber;
        PayerIdentifier = payerIdentifier;
        PaymentCents = paymentCents;
        PostedAt = postedAt;
    }

    public Guid Id { get; private set; }

    /// <summary>835, 277 or 999.</summary>
    public string TransactionCode { get; private set; } = "";

    /// <summary>Hex SHA-256 of the transaction's content (see <see cref="RemittanceContentKey"/>).</summary>
    public string ContentKey { get; private set; } = "";

    /// <summary>ST02.</summary>
    public string ControlNumber { get; private set; } = "";

    /// <summary>835 TRN02 (the check or EFT trace number); 277CA BHT03.</summary>
    public string? TraceNumber { get; private set; }

    /// <summary>835 N1*PR N104 or TRN03; 277CA not set.</summary>
    public string? PayerIdentifier { get; private set; }

    /// <summary>835 BPR02.</summary>
    public long? PaymentCents { get; private set; }

    public int ClaimsPosted { get; private set; }

    public int Exceptions { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    /// <summary>The sealed received file it was read from (null when posted from a file on disk by the CLI).</summary>
    public Guid? SourceFileId { get; internal set; }

    internal void Counted(int posted, int exceptions)
    {
        ClaimsPosted = posted;
        Exceptions = exceptions;
    }
}

/// <summary>
/// One CLP as posted to one of our claims: status, money, the payer's claim number, whether it reverses an earlier
/// posting, and the payer's words line by line (<see cref="Detail"/>, JSON of <see cref="EobClaim"/>, PHI-free) for the
/// explanation of benefits. Immutable: a reversal is a new row naming the one it reverses.
/// </summary>
public sealed class ClaimPaymentPosting : IAppendOnly
{
    private ClaimPaymentPosting() { } // EF Core

    internal ClaimPaymentPosting(Guid documentId, Guid claimId, ClaimPayment payment, Guid? reverses, string detail, DateTimeOffset postedAt)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        ClaimId = claimId;
        StatusCode = payment.StatusCode;
        ChargeCents = payment.ChargeCents;
        PaidCents = payment.PaidCents;
        PatientResponsibilityCents = payment.PatientResponsibilityCents;
        PayerClaimNumber = payment.PayerClaimNumber;
        ReversesId = reverses;
        Detail = detail;
        PostedAt = postedAt;
    }

    public Guid Id { get; private set; }

    public Guid DocumentId { get; private set; }

    public Guid ClaimId { get; private set; }

    /// <summary>CLP02.</summary>
    public string StatusCode { get; private set; } = "";

    public long ChargeCents { get; private set; }

    public long PaidCents { get; private set; }

    public long? PatientResponsibilityCents { get; private set; }

    public string? PayerClaimNumber { get; private set; }

    /// <summary>For a reversal (CLP02 = 22): the posting it undoes.</summary>
    public Guid? ReversesId { get; private set; }

    /// <summary>JSON of <see cref="EobClaim"/>: what the payer said, with our matched line numbers.</summary>
    public string Detail { get; private set; } = "";

    public DateTimeOffset PostedAt { get; private set; }
}

/// <summary>Why a claim payment or acknowledgment was not posted.</summary>
public enum RemittanceExceptionReason
{
    /// <summary>The transaction does not balance (BPR02 against CLP04 and PLB): none of its claims was posted.</summary>
    TransactionUnbalanced,

    /// <summary>The claim or one of its lines does not balance (CLP/SVC against CAS).</summary>
    ClaimUnbalanced,

    /// <summary>CLP01 / TRN02 names no claim of ours.</summary>
    UnknownClaim,

    /// <summary>The claim's state cannot take this outcome (e.g. a payment on a claim already paid).</summary>
    StateCannotTake,

    /// <summary>CLP03 is not the claim's total charge.</summary>
    ChargeMismatch,

    /// <summary>A service line matches none of the claim's lines.</summary>
    LineUnmatched,

    /// <summary>A reversal with nothing posted to reverse, or with amounts that are not the posting's negation.</summary>
    ReversalUnmatched,

    /// <summary>A 277CA status category that neither accepts nor rejects (A5, pending, finalized ...).</summary>
    StatusNotActionable,

    /// <summary>A 999 whose AK102 names no submission batch of ours.</summary>
    BatchUnknown,
}

/// <summary>
/// A claim payment or acknowledgment that was read but not posted, with a PHI-free reason, for a biller to work.
/// The document it came from is recorded; the claim is named by our control number (and id when it matched).
/// </summary>
public sealed class RemittanceExceptionItem
{
    private RemittanceExceptionItem() { } // EF Core

    internal RemittanceExceptionItem(Guid documentId, string controlNumber, Guid? claimId, RemittanceExceptionReason reason, string message, int segmentNumber, DateTimeOffset createdAt, long? chargeCents = null, long? paidCents = null)
    {
        ChargeCents = chargeCents;
        PaidCents = paidCents;
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        ControlNumber = controlNumber.Length > 50 ? controlNumber[..50] : controlNumber;
        ClaimId = claimId;
        Reason = reason;
        Message = message.Length > 500 ? message[..500] : message;
        SegmentNumber = segmentNumber;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid DocumentId { get; private set; }

    /// <summary>CLP01 or TRN02 as the payer sent it.</summary>
    public string ControlNumber { get; private set; } = "";

    public Guid? ClaimId { get; private set; }

    public RemittanceExceptionReason Reason { get; private set; }

    /// <summary>Codes, amounts and states only: never a name or free text from the file.</summary>
    public string Message { get; private set; } = "";

    public int SegmentNumber { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>CLP03 of the claim payment (835 only).</summary>
    public long? ChargeCents { get; private set; }

    /// <summary>CLP04 of the claim payment (835 only).</summary>
    public long? PaidCents { get; private set; }

    /// <summary>When a biller resolved it (null while it is open on the worklist).</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>The actor id of the biller who resolved it.</summary>
    public string? ResolvedBy { get; private set; }

    public RemittanceExceptionResolution? Resolution { get; private set; }

    /// <summary>The biller's note, sealed (free text may name a patient): see <see cref="RemittanceExceptions"/>.</summary>
    public Submission.SealedFile? Note { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    internal void Resolve(RemittanceExceptionResolution resolution, string by, DateTimeOffset at, Submission.SealedFile? note)
    {
        if (!IsOpen) throw new DomainValidationException($"Exception {Id} was already resolved ({Resolution}).");
        Resolution = resolution;
        ResolvedBy = by;
        ResolvedAt = at;
        Note = note;
    }
}

/// <summary>How a biller closed a remittance exception.</summary>
public enum RemittanceExceptionResolution
{
    /// <summary>Worked outside posting (payer called, posted by hand, not ours ...), with a note.</summary>
    Handled,

    /// <summary>Posted again once the cause was fixed (e.g. the claim now exists): the claim payment posted.</summary>
    Reposted,
}

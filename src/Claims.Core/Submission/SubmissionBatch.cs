namespace Claims.Submission;

/// <summary>Where a batch is: written and stored, sent to the clearinghouse, or answered by a 999.</summary>
public enum BatchStatus
{
    /// <summary>Written and stored with its claims Submitted; not yet uploaded (or the upload failed: resend it).</summary>
    Created,

    /// <summary>Uploaded to the clearinghouse's inbound folder.</summary>
    Sent,

    /// <summary>A 999 accepted the interchange.</summary>
    Accepted,

    /// <summary>A 999 rejected it (IK5/AK9 R).</summary>
    Rejected,
}

/// <summary>
/// One 837P interchange sent to the clearinghouse: its control numbers, claims, counts and total, and the file
/// itself. An 837P names patients, so the file is kept only encrypted (AES-256-GCM under a batch key wrapped by a
/// KEK of the key ring, bound to this row) and decrypted only to send it or for an authorised, audited download.
/// </summary>
public sealed class SubmissionBatch
{
    private readonly List<SubmissionBatchClaim> _claims = [];

    private SubmissionBatch() { } // EF Core

    internal SubmissionBatch(Guid id, DateTimeOffset createdAt, string createdBy, string scope, X12ControlNumbers numbers, int transactionSets)
    {
        Id = id;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        Scope = scope;
        InterchangeControlNumber = numbers.Interchange;
        GroupControlNumber = numbers.Group;
        FirstTransactionSet = numbers.FirstTransactionSet;
        TransactionSets = transactionSets;
        FileName = FormattableString.Invariant($"837P-{numbers.Interchange:D9}.x12");
        Status = BatchStatus.Created;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The user (actor id) who created the batch.</summary>
    public string CreatedBy { get; private set; } = "";

    /// <summary>What was asked for: <c>all</c>, <c>clinic ID</c>, <c>payer ID</c>, <c>claim ID</c>.</summary>
    public string Scope { get; private set; } = "";

    /// <summary>ISA13 (also IEA02).</summary>
    public int InterchangeControlNumber { get; private set; }

    /// <summary>GS06 (also GE02; echoed by the 999's AK102).</summary>
    public int GroupControlNumber { get; private set; }

    /// <summary>ST02 of the first transaction set; the others count up from it.</summary>
    public int FirstTransactionSet { get; private set; }

    public int TransactionSets { get; private set; }

    public int ClaimCount { get; private set; }

    public long TotalChargeCents { get; private set; }

    public BatchStatus Status { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public int SendCount { get; private set; }

    /// <summary>The name the file has in the clearinghouse's inbound folder.</summary>
    public string FileName { get; private set; } = "";

    public long FileLength { get; private set; }

    public SealedFile File { get; private set; } = null!;

    public IReadOnlyList<SubmissionBatchClaim> Claims => _claims;

    internal void Add(SubmissionBatchClaim claim)
    {
        _claims.Add(claim);
        ClaimCount = _claims.Count;
        TotalChargeCents = _claims.Sum(c => c.ChargeCents);
    }

    internal void Store(SealedFile file, long length)
    {
        File = file;
        FileLength = length;
    }

    internal void Rewrap(Security.IKeyRing keyRing) => File = File.Rewrapped(keyRing);

    internal void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        SendCount++;
        if (Status == BatchStatus.Created) Status = BatchStatus.Sent;
    }

    internal void Acknowledged(bool accepted) => Status = accepted ? BatchStatus.Accepted : BatchStatus.Rejected;
}

/// <summary>A claim in a batch, as it was sent: control number (CLM01), frequency, payer and charge.</summary>
public sealed class SubmissionBatchClaim
{
    private SubmissionBatchClaim() { } // EF Core

    internal SubmissionBatchClaim(Guid claimId, Guid clinicId, Guid payerId, string controlNumber, int frequency, long chargeCents)
    {
        ClaimId = claimId;
        ClinicId = clinicId;
        PayerId = payerId;
        ControlNumber = controlNumber;
        Frequency = frequency;
        ChargeCents = chargeCents;
    }

    public long Id { get; private set; }

    public Guid BatchId { get; private set; }

    public Guid ClaimId { get; private set; }

    public Guid ClinicId { get; private set; }

    public Guid PayerId { get; private set; }

    public string ControlNumber { get; private set; } = "";

    public int Frequency { get; private set; }

    public long ChargeCents { get; private set; }
}

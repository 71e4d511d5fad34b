using Claims.Domain;

namespace Claims.Denials;

/// <summary>
/// One appeal of a claim's denial at one level: the codes appealed (PHI-free), the deadline it had to meet, the
/// argument (free text, so PHI: encrypted under the patient's data key, gone with a GDPR erasure), its status (drafted,
/// sent, decided), the payer's outcome and, when upheld, the next level's deadline. Attachments are
/// <see cref="AppealAttachment"/> rows.
/// </summary>
public sealed class Appeal
{
    /// <summary>The longest argument kept.</summary>
    public const int MaxArgumentLength = 8000;

    private Appeal() { } // EF Core

    internal Appeal(Claim claim, int level, string group, string carc, string? rarcs, DateOnly deadline, string createdBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ClaimId = claim.Id;
        Level = level;
        Group = group;
        Carc = carc;
        Rarcs = rarcs;
        PayerClaimNumber = claim.PayerClaimNumber;
        Deadline = deadline;
        CreatedBy = createdBy;
        CreatedAt = at;
        Status = AppealStatus.Drafted;
    }

    public Guid Id { get; private set; }

    public Guid ClaimId { get; private set; }

    /// <summary>1 for the first appeal (Medicare: redetermination), 2 for the next (reconsideration) ...</summary>
    public int Level { get; private set; }

    public string Group { get; private set; } = "";

    public string Carc { get; private set; } = "";

    /// <summary>The remark codes sent with the denial, comma-separated.</summary>
    public string? Rarcs { get; private set; }

    public string? PayerClaimNumber { get; private set; }

    /// <summary>The last day to file this appeal.</summary>
    public DateOnly Deadline { get; private set; }

    public byte[] ArgumentCipher { get; private set; } = [];

    public AppealStatus Status { get; private set; }

    public AppealOutcome? Outcome { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The date on the payer's decision letter.</summary>
    public DateOnly? DecidedOn { get; private set; }

    /// <summary>When upheld: the last day to file the next level.</summary>
    public DateOnly? NextLevelDeadline { get; private set; }

    public int Version { get; private set; }

    internal void Argue(byte[] cipher)
    {
        ArgumentCipher = cipher;
        Version++;
    }

    internal void MarkSent(DateTimeOffset at)
    {
        if (Status != AppealStatus.Drafted) throw new DomainValidationException($"Appeal {Id} was already sent.");
        Status = AppealStatus.Sent;
        SentAt = at;
        Version++;
    }

    internal void Decide(AppealOutcome outcome, DateOnly decidedOn, DateOnly? nextLevelDeadline)
    {
        if (Status != AppealStatus.Sent) throw new DomainValidationException($"Appeal {Id} is {Status}: only a sent appeal is decided.");
        Status = AppealStatus.Decided;
        Outcome = outcome;
        DecidedOn = decidedOn;
        NextLevelDeadline = nextLevelDeadline;
        Version++;
    }

    internal static string ValidArgument(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DomainValidationException("An appeal needs its argument: why the denial is wrong.");
        var trimmed = text.Trim();
        if (trimmed.Length > MaxArgumentLength) throw new DomainValidationException($"An argument has at most {MaxArgumentLength} characters (got {trimmed.Length}).");
        return trimmed;
    }
}

using Claims.Domain;

namespace Claims.Denials;

/// <summary>
/// An appeal as the appeals list and the claim's appeal panel show it. <see cref="Argument"/> and the attachments' labels
/// are decrypted only by <see cref="Appeals.ReadAsync"/> (an audited read); lists leave them null.
/// </summary>
public sealed record AppealView(
    Guid Id,
    Guid ClaimId,
    string ControlNumber,
    ClaimState ClaimState,
    string Patient,
    string Payer,
    int Level,
    string LevelName,
    string Codes,
    string? PayerClaimNumber,
    DateOnly Deadline,
    AppealStatus Status,
    AppealOutcome? Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateOnly? DecidedOn,
    DateOnly? NextLevelDeadline,
    string? Argument,
    IReadOnlyList<(Guid Id, string? Label, string ContentType, int Length)> Attachments);

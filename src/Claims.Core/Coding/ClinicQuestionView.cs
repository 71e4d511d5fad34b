using Claims.Domain;

namespace Claims.Coding;

/// <summary>
/// One question as its reader sees it: ids, who and when in plaintext; the question and answer decrypted, or
/// <see cref="Erased"/> when the patient was erased and the text can never be read again.
/// </summary>
public sealed record ClinicQuestionView(
    Guid Id,
    Guid ClaimId,
    string ControlNumber,
    string Patient,
    QuestionStatus Status,
    string AskedBy,
    DateTimeOffset AskedAt,
    string? Question,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? Answer,
    bool Erased);

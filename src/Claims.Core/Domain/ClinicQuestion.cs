namespace Claims.Domain;

/// <summary>
/// A coder's question to the clinic about one claim, and the clinic's answer. Both are free text a person wrote
/// about a patient's care, so both are PHI: kept only as ciphertext under the patient's data key, bound to this
/// row and column (<see cref="Security.PhiCipher"/>), and gone for good when the patient is erased. Asking puts the
/// claim on hold (QueryProvider); answering sends it back to coding (ProviderAnswered): see <see cref="Coding.ClinicQuestions"/>.
/// </summary>
public sealed class ClinicQuestion
{
    /// <summary>The longest question or answer, in characters.</summary>
    public const int MaxTextLength = 2000;

    private ClinicQuestion() { } // EF Core

    internal ClinicQuestion(Claim claim, string askedBy, DateTimeOffset askedAt)
    {
        Id = Guid.CreateVersion7();
        ClaimId = claim.Id;
        ClinicId = claim.ClinicId;
        AskedBy = askedBy;
        AskedAt = askedAt;
        Status = QuestionStatus.Open;
    }

    public Guid Id { get; private set; }

    public Guid ClaimId { get; private set; }

    /// <summary>The clinic asked: the claim's clinic, kept here so a clinic's open queries are one indexed look-up.</summary>
    public Guid ClinicId { get; private set; }

    public string AskedBy { get; private set; } = "";

    public DateTimeOffset AskedAt { get; private set; }

    /// <summary>Encrypted under the patient's data key: the coder's question.</summary>
    public byte[] QuestionCipher { get; private set; } = [];

    public string? AnsweredBy { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>Encrypted under the patient's data key: the clinic's answer; null while open.</summary>
    public byte[]? AnswerCipher { get; private set; }

    public QuestionStatus Status { get; private set; }

    /// <summary>Checks a question or answer before it is encrypted: not blank, at most <see cref="MaxTextLength"/> characters.</summary>
    public static string ValidText(string? text, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainValidationException($"The {what} is empty.");
        if (trimmed.Length > MaxTextLength) throw new DomainValidationException($"The {what} has {trimmed.Length} characters; at most {MaxTextLength} are allowed.");
        return trimmed;
    }

    internal void Asked(byte[] questionCipher) => QuestionCipher = questionCipher;

    internal void Answered(string answeredBy, DateTimeOffset at, byte[] answerCipher)
    {
        if (Status != QuestionStatus.Open) throw new QuestionAnsweredException(Id);
        AnsweredBy = answeredBy;
        AnsweredAt = at;
        AnswerCipher = answerCipher;
        Status = QuestionStatus.Answered;
    }
}

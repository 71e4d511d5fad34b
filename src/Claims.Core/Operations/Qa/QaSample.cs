namespace Claims.Operations.Qa;

/// <summary>
/// A coded claim drawn for QA review, and the review once done: the reviewer's own codes (chosen without seeing the
/// coder's), the coder's codes as they stood at review, the code-over-code accuracy and its findings, and the
/// reviewer's feedback to the coder, encrypted like any free text about a patient's claim. One sample per claim.
/// </summary>
public sealed class QaSample
{
    /// <summary>The table name, bound into the feedback's ciphertext.</summary>
    public const string Table = "qa_samples";

    private QaSample() { } // EF Core

    public QaSample(Guid claimId, Guid clinicId, string coderId, DateOnly weekOf, QaSampleReason reason, string? detail, string sampledBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ClaimId = claimId;
        ClinicId = clinicId;
        CoderId = coderId;
        WeekOf = weekOf;
        Reason = reason;
        Detail = detail;
        SampledBy = sampledBy;
        SampledAt = at;
    }

    public Guid Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>The coder who completed the claim's coding.</summary>
    public string CoderId { get; private set; } = "";

    /// <summary>The Monday of the week the claim was coded in.</summary>
    public DateOnly WeekOf { get; private set; }

    public QaSampleReason Reason { get; private set; }

    /// <summary>For a targeted sample, the denial reason that drew it (e.g. "CO-16").</summary>
    public string? Detail { get; private set; }

    public string SampledBy { get; private set; } = "";

    public DateTimeOffset SampledAt { get; private set; }

    public string? ReviewerId { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    /// <summary>The reviewer's codes, as <see cref="QaCodes.Format"/> writes them.</summary>
    public string? ReviewerCodes { get; private set; }

    /// <summary>The coder's codes at review time, as <see cref="QaCodes.Format"/> writes them.</summary>
    public string? CoderCodes { get; private set; }

    /// <summary>Code-over-code accuracy in basis points (9500 = 95.00%).</summary>
    public int? AccuracyBasisPoints { get; private set; }

    /// <summary>What differed, one finding per line (codes only, no patient data).</summary>
    public string? Findings { get; private set; }

    /// <summary>The reviewer's words to the coder, sealed under the patient's data key.</summary>
    public byte[]? FeedbackCipher { get; private set; }

    public bool IsReviewed => ReviewedAt is not null;

    /// <summary>Records the review; a sample is reviewed once.</summary>
    public void Review(string reviewerId, DateTimeOffset at, QaCodes reviewer, QaCodes coder, QaComparison comparison, Func<QaSample, byte[]?> sealFeedback)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(coder);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(sealFeedback);
        if (IsReviewed) throw new DomainValidationException($"QA sample {Id} is already reviewed.");
        if (reviewerId == CoderId) throw new DomainValidationException("A coder cannot review their own claim.");
        ReviewerId = reviewerId;
        ReviewedAt = at;
        ReviewerCodes = reviewer.Format();
        CoderCodes = coder.Format();
        AccuracyBasisPoints = comparison.AccuracyBasisPoints;
        Findings = string.Join('\n', comparison.Findings);
        FeedbackCipher = sealFeedback(this);
    }
}

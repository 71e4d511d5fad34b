using System.Text.Json;

namespace Claims.Remittance;

/// <summary>
/// What posting one file did, per transaction set: for the biller's result page and the record of the posting. Claims
/// and exceptions are kept up to <see cref="RemittanceFiles.ListedPerDocument"/> each; the counts and totals are whole.
/// </summary>
public sealed record RemittanceFileResult(Guid FileId, string Name, string Kind, DateTimeOffset PostedAt, string? Error, IReadOnlyList<RemittanceDocumentResult> Documents)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    internal string ToJson() => JsonSerializer.Serialize(this, Options);

    internal static RemittanceFileResult FromJson(string json) => JsonSerializer.Deserialize<RemittanceFileResult>(json, Options)
        ?? throw new InvalidOperationException("A file posting's result is empty.");
}

/// <summary>
/// One transaction set of a file as posted: whether it had been posted before (a duplicate, skipped), how many claims it
/// moved, the cents paid, written down (contractual), moved to patients and denied, and the claims and exceptions.
/// </summary>
public sealed record RemittanceDocumentResult(
    string Transaction,
    string ControlNumber,
    Guid? DocumentId,
    bool AlreadyPosted,
    int Posted,
    long PaidCents,
    long ContractualCents,
    long PatientCents,
    long DeniedCents,
    int ExceptionCount,
    IReadOnlyList<PostedClaim> Claims,
    IReadOnlyList<PostingProblem> Exceptions)
{
    internal static RemittanceDocumentResult From(RemittancePostingResult r, int listed) => new(
        r.TransactionCode, r.ControlNumber, r.DocumentId, r.AlreadyPosted, r.Posted,
        r.Claims.Sum(c => c.PaidCents), r.Claims.Sum(c => c.ContractualCents), r.Claims.Sum(c => c.PatientCents), r.Claims.Sum(c => c.DeniedCents),
        r.Exceptions.Count, [.. r.Claims.Take(listed)], [.. r.Exceptions.Take(listed)]);
}

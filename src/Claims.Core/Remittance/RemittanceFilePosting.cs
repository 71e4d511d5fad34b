namespace Claims.Remittance;

/// <summary>
/// That a received X12 file (uploaded by a biller or fetched from the clearinghouse mailbox; kept sealed in
/// <c>received_files</c>) was posted, by whom and with what result: <see cref="Result"/> is the JSON of a
/// <see cref="RemittanceFileResult"/> (control numbers, ids, cents, codes and PHI-free messages only). A file with a
/// row here is not posted again by a fetch; posting it again would post nothing anyway (content keys).
/// </summary>
public sealed class RemittanceFilePosting
{
    private RemittanceFilePosting() { } // EF Core

    internal RemittanceFilePosting(Guid fileId, string source, string postedBy, DateTimeOffset postedAt, string kind, string? error, string result)
    {
        Id = Guid.CreateVersion7();
        FileId = fileId;
        Source = source;
        PostedBy = postedBy;
        PostedAt = postedAt;
        Kind = kind;
        Error = error is { Length: > 500 } ? error[..500] : error;
        Result = result;
    }

    public Guid Id { get; private set; }

    /// <summary>The sealed file in <c>received_files</c>.</summary>
    public Guid FileId { get; private set; }

    /// <summary><c>upload</c> or <c>mailbox</c>.</summary>
    public string Source { get; private set; } = "";

    /// <summary>The actor id of the biller (or the system fetcher) who posted it.</summary>
    public string PostedBy { get; private set; } = "";

    public DateTimeOffset PostedAt { get; private set; }

    /// <summary>999, 277CA, 835 or unknown.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The reader's message when the file could not be read (segment number and what was expected).</summary>
    public string? Error { get; private set; }

    public string Result { get; private set; } = "";
}

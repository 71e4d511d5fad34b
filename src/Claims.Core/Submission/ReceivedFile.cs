namespace Claims.Submission;

/// <summary>
/// A file fetched from the clearinghouse's outbound folder (999, 277CA, 835 ...), fetched once: its name is unique
/// here, so a second fetch skips it. Kept encrypted like a batch; <see cref="Summary"/> holds only counts and codes.
/// </summary>
public sealed class ReceivedFile
{
    private ReceivedFile() { } // EF Core

    internal ReceivedFile(Guid id, string name, DateTimeOffset receivedAt, string kind, Guid? batchId, string summary, long length)
    {
        Id = id;
        Name = name;
        ReceivedAt = receivedAt;
        Kind = kind;
        BatchId = batchId;
        Summary = summary;
        Length = length;
    }

    public Guid Id { get; private set; }

    /// <summary>The file's name in the outbound folder.</summary>
    public string Name { get; private set; } = "";

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The transaction it holds: <c>999</c>, <c>277CA</c>, <c>835</c>, <c>TA1</c> or <c>unknown</c>.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The batch it answers, when it could be matched (999 AK102 = GS06; 277CA/835 by claim control numbers).</summary>
    public Guid? BatchId { get; private set; }

    /// <summary>What it says, without PHI: e.g. "accepted", "3 accepted, 1 rejected", "5 claims, paid 412.50".</summary>
    public string Summary { get; private set; } = "";

    public long Length { get; private set; }

    public SealedFile File { get; private set; } = null!;

    internal void Store(SealedFile file) => File = file;

    internal void Rewrap(Security.IKeyRing keyRing) => File = File.Rewrapped(keyRing);
}

using Claims.Submission;

namespace Claims.Demo;

/// <summary>A clearinghouse mailbox in memory: the demo's batches and the simulator's answers never touch the disk (they name patients).</summary>
internal sealed class MemoryMailbox : IClearinghouseMailbox
{
    private readonly SortedDictionary<string, byte[]> _inbound = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, byte[]> _outbound = new(StringComparer.Ordinal);

    public string Describe => "memory (demo)";

    private SortedDictionary<string, byte[]> Folder(MailboxFolder folder) => folder == MailboxFolder.Inbound ? _inbound : _outbound;

    public Task PutAsync(MailboxFolder folder, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Folder(folder)[name] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(MailboxFolder folder, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Folder(folder).Keys]);

    public Task<byte[]> GetAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Folder(folder)[name]);

    public Task DeleteAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default)
    {
        Folder(folder).Remove(name);
        return Task.CompletedTask;
    }
}

namespace Claims.Submission;

/// <summary>A mailbox in a local folder: <c>DIR/inbound</c> and <c>DIR/outbound</c> (the embedded demo and tests).</summary>
public sealed class FolderMailbox : IClearinghouseMailbox
{
    private readonly string _root;

    public FolderMailbox(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public string Describe => $"folder {_root}";

    public string PathOf(MailboxFolder folder) => Path.Combine(_root, folder == MailboxFolder.Inbound ? "inbound" : "outbound");

    public async Task PutAsync(MailboxFolder folder, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var dir = Directory.CreateDirectory(PathOf(folder)).FullName;
        var target = Path.Combine(dir, ClearinghouseMailboxes.CheckName(name));
        var part = target + ".part";
        await File.WriteAllBytesAsync(part, content.ToArray(), cancellationToken);
        File.Move(part, target, overwrite: true);
    }

    public Task<IReadOnlyList<string>> ListAsync(MailboxFolder folder, CancellationToken cancellationToken = default)
    {
        var dir = PathOf(folder);
        IReadOnlyList<string> names = Directory.Exists(dir)
            ? [.. Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>().Where(ClearinghouseMailboxes.IsListed).Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(names);
    }

    public Task<byte[]> GetAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(Path.Combine(PathOf(folder), ClearinghouseMailboxes.CheckName(name)), cancellationToken);

    public Task DeleteAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default)
    {
        File.Delete(Path.Combine(PathOf(folder), ClearinghouseMailboxes.CheckName(name)));
        return Task.CompletedTask;
    }
}

namespace Claims.Submission;

/// <summary>The two folders of a clearinghouse mailbox: we put 837P files in inbound and take answers from outbound.</summary>
public enum MailboxFolder
{
    Inbound,
    Outbound,
}

/// <summary>
/// The port to a clearinghouse mailbox (a folder for the embedded demo, SFTP for a real one). The same port serves
/// both sides: we write to <see cref="MailboxFolder.Inbound"/> and read <see cref="MailboxFolder.Outbound"/>; the
/// payer simulator does the reverse. A file appears under its name only once it is complete (written under a
/// temporary name, then renamed), so a reader never takes half a file.
/// </summary>
public interface IClearinghouseMailbox
{
    /// <summary>A short description without secrets, for messages (e.g. <c>folder /x</c>, <c>sftp user@host:22/dir</c>).</summary>
    string Describe { get; }

    Task PutAsync(MailboxFolder folder, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The complete files in a folder, by name, oldest name first.</summary>
    Task<IReadOnlyList<string>> ListAsync(MailboxFolder folder, CancellationToken cancellationToken = default);

    Task<byte[]> GetAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default);

    Task DeleteAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default);
}

/// <summary>Chooses the mailbox the settings name: <c>sftp://...</c> is SFTP, anything else a folder.</summary>
public static class ClearinghouseMailboxes
{
    public static IClearinghouseMailbox Open(SubmissionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Mailbox.StartsWith("sftp://", StringComparison.OrdinalIgnoreCase)
            ? SftpMailbox.FromUri(new Uri(settings.Mailbox), settings.SftpKeyFile, settings.SftpPassword, settings.SftpHostKeySha256)
            : new FolderMailbox(settings.Mailbox);
    }

    /// <summary>A name is one file name of printable ASCII: no folders, no hidden or temporary files.</summary>
    internal static string CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.StartsWith('.') || name.EndsWith(".part", StringComparison.Ordinal)
            || name.Any(c => c is '/' or '\\' || c < ' ' || c > '~'))
            throw new ArgumentException($"'{name}' is not a mailbox file name.", nameof(name));
        return name;
    }

    internal static bool IsListed(string name) => !name.StartsWith('.') && !name.EndsWith(".part", StringComparison.Ordinal);
}

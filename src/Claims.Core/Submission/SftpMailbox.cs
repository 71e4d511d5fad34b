using Renci.SshNet;
using Renci.SshNet.Common;

namespace Claims.Submission;

/// <summary>
/// A clearinghouse mailbox over SFTP (SSH.NET): <c>PATH/inbound</c> and <c>PATH/outbound</c> on the server, key or
/// password authentication, and the server's host key pinned by its SHA-256 fingerprint: a server that shows another
/// key is refused before any credential is sent. One connection per operation (a few files a day do not need a pool).
/// </summary>
public sealed class SftpMailbox : IClearinghouseMailbox
{
    private readonly string _host;
    private readonly int _port;
    private readonly string _user;
    private readonly string _root;
    private readonly string? _keyFile;
    private readonly string? _password;
    private readonly string _hostKeySha256;

    public SftpMailbox(string host, int port, string user, string root, string? keyFile, string? password, string hostKeySha256)
    {
        if (string.IsNullOrWhiteSpace(hostKeySha256)) throw new InvalidOperationException("SFTP needs the server's host key fingerprint (Submission:Sftp:HostKeySha256, as ssh-keygen -lf prints it).");
        if (string.IsNullOrWhiteSpace(keyFile) && string.IsNullOrEmpty(password)) throw new InvalidOperationException("SFTP needs a key file (Submission:Sftp:KeyFile) or a password (Submission:Sftp:Password).");
        _host = host;
        _port = port;
        _user = user;
        _root = string.IsNullOrEmpty(root) ? "." : root.TrimEnd('/');
        _keyFile = keyFile;
        _password = password;
        _hostKeySha256 = NormaliseFingerprint(hostKeySha256);
    }

    /// <summary><c>sftp://user@host[:port][/path]</c>; a path is relative to the login folder unless it starts with <c>//</c>.</summary>
    public static SftpMailbox FromUri(Uri uri, string? keyFile, string? password, string? hostKeySha256)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.IsNullOrEmpty(uri.UserInfo)) throw new InvalidOperationException("The SFTP mailbox names its user: sftp://user@host:port/path.");
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var root = path.StartsWith("//", StringComparison.Ordinal) ? path[1..] : path.TrimStart('/');
        return new SftpMailbox(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 22 : uri.Port, Uri.UnescapeDataString(uri.UserInfo), root, keyFile, password, hostKeySha256 ?? "");
    }

    public string Describe => $"sftp {_user}@{_host}:{_port}/{_root}";

    public Task PutAsync(MailboxFolder folder, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        RunAsync(client =>
        {
            var dir = Dir(folder);
            EnsureDirectory(client, dir);
            var target = $"{dir}/{ClearinghouseMailboxes.CheckName(name)}";
            using (var stream = new MemoryStream(content.ToArray(), writable: false)) client.UploadFile(stream, target + ".part", canOverride: true);
            // posix-rename@openssh.com replaces an existing file atomically (plain SFTP v3 rename refuses to).
            client.RenameFile(target + ".part", target, isPosix: true);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(MailboxFolder folder, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>(client =>
        {
            var dir = Dir(folder);
            if (!client.Exists(dir)) return [];
            return [.. client.ListDirectory(dir).Where(f => f.IsRegularFile && ClearinghouseMailboxes.IsListed(f.Name)).Select(f => f.Name).Order(StringComparer.Ordinal)];
        }, cancellationToken);

    public Task<byte[]> GetAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default) =>
        RunAsync(client =>
        {
            using var stream = new MemoryStream();
            client.DownloadFile($"{Dir(folder)}/{ClearinghouseMailboxes.CheckName(name)}", stream);
            return stream.ToArray();
        }, cancellationToken);

    public Task DeleteAsync(MailboxFolder folder, string name, CancellationToken cancellationToken = default) =>
        RunAsync(client =>
        {
            client.DeleteFile($"{Dir(folder)}/{ClearinghouseMailboxes.CheckName(name)}");
            return 0;
        }, cancellationToken);

    /// <summary>Creates the folder and its parents as needed (SFTP's mkdir makes one level).</summary>
    private static void EnsureDirectory(SftpClient client, string dir)
    {
        var path = dir.StartsWith('/') ? "" : ".";
        foreach (var part in dir.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = path.Length == 0 ? "/" + part : $"{path}/{part}";
            if (part != "." && !client.Exists(path)) client.CreateDirectory(path);
        }
    }

    private string Dir(MailboxFolder folder) => $"{_root}/{(folder == MailboxFolder.Inbound ? "inbound" : "outbound")}";

    private Task<T> RunAsync<T>(Func<SftpClient, T> work, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var client = new SftpClient(Connection());
        var offered = "";
        client.HostKeyReceived += (_, e) =>
        {
            offered = NormaliseFingerprint(e.FingerPrintSHA256);
            e.CanTrust = string.Equals(offered, _hostKeySha256, StringComparison.Ordinal);
        };
        try
        {
            client.Connect();
        }
        catch (SshConnectionException ex) when (offered.Length > 0 && offered != _hostKeySha256)
        {
            throw new InvalidOperationException($"The SFTP server {_host}:{_port} showed host key SHA256:{offered}, not the pinned one; refused.", ex);
        }
        try
        {
            return work(client);
        }
        finally
        {
            client.Disconnect();
        }
    }, cancellationToken);

    private ConnectionInfo Connection()
    {
        AuthenticationMethod auth = string.IsNullOrWhiteSpace(_keyFile)
            ? new PasswordAuthenticationMethod(_user, _password)
            : new PrivateKeyAuthenticationMethod(_user, new PrivateKeyFile(_keyFile));
        return new ConnectionInfo(_host, _port, _user, auth) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Fingerprints compare as unpadded base64, with or without ssh-keygen's <c>SHA256:</c> prefix.</summary>
    private static string NormaliseFingerprint(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) t = t[7..];
        return t.TrimEnd('=');
    }
}

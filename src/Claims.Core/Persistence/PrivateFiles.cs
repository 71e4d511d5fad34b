
namespace Claims.Persistence;

/// <summary>
/// Files that hold PHI or keys (the SQLite database and its -wal/-shm, the key ring, the audit witness, data-protection
/// keys) are readable by their owner only on Unix: 0600 files in 0700 folders, whatever the umask. HIPAA 164.312(a)(1):
/// another account on the host must not read the database or the keys beside it. Windows relies on the folder's ACL.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder (and its parents) if missing; the folder itself ends up 0700.</summary>
    public static string Folder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        Directory.CreateDirectory(path, OwnerFolder);
        Tighten(path);
        return path;
    }

    /// <summary>Creates an empty file with mode 0600 if missing, or takes group and other bits off an existing one.</summary>
    public static void File(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile })) { }
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            Tighten(path);
        }
    }

    /// <summary>Takes group and other permission bits off a file or folder that exists; nothing when it does not.</summary>
    public static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path)) return;
        var mode = System.IO.File.GetUnixFileMode(path);
        if ((mode & Others) != 0) System.IO.File.SetUnixFileMode(path, mode & ~Others);
    }
}

namespace Claims.Testing;

/// <summary>Finds the repository's fixtures/ folder (tests read only files committed in this repository, never ../shared).</summary>
public static class Fixtures
{
    /// <summary>The checkout's root: the folder above the test binaries that holds Claims.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, "fixtures", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Claims.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Claims.sln not found above the test binaries.");
    }
}

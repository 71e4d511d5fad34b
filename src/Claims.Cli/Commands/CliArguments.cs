using System.Globalization;

namespace Claims.Cli.Commands;

/// <summary>How arguments common to several commands are read: dates and input files. Usage errors exit 2.</summary>
internal static class CliArguments
{
    public static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException($"'{text}' is not a date (YYYY-MM-DD).");

    /// <summary>The JSON files to read, in a stable order; a missing path is a usage error.</summary>
    public static List<string> JsonFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(Path.GetFullPath(path));
            else if (Directory.Exists(path)) files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else throw new UsageException($"No such file or directory: {path}");
        }
        return files;
    }
}

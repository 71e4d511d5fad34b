using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Claims.Coding;

/// <summary>Where a code set came from and when it applies: name, version, effective window, source files.</summary>
public sealed record CodeSetInfo(string Name, string Version, DateOnly? EffectiveFrom, DateOnly? EffectiveTo, string Source)
{
    public bool Covers(DateOnly date) => (EffectiveFrom is null || date >= EffectiveFrom) && (EffectiveTo is null || date <= EffectiveTo);

    public override string ToString() => EffectiveFrom is { } from
        ? string.Create(CultureInfo.InvariantCulture, $"{Name} {Version} ({from:yyyy-MM-dd} to {EffectiveTo:yyyy-MM-dd})")
        : $"{Name} {Version}";
}

/// <summary>
/// The compact format of the embedded code sets: UTF-8, tab-separated, gzip-compressed; an optional first line
/// <c>#, name, version, from, to, source</c> records provenance (see Coding/Data/README.md).
/// </summary>
internal static class CompactFile
{
    public static Stream OpenEmbedded(string name) =>
        typeof(CompactFile).Assembly.GetManifestResourceStream($"Claims.Coding.Data.{name}")
        ?? throw new InvalidOperationException($"Embedded code set {name} is missing from Claims.Core.");

    public static IEnumerable<string[]> ReadGzip(Stream stream, Action<CodeSetInfo>? header = null)
    {
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var cols = line.Split('\t');
            if (cols[0] == "#")
            {
                header?.Invoke(ParseHeader(cols));
                continue;
            }
            yield return cols;
        }
    }

    public static void WriteGzip(string path, CodeSetInfo info, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
        using (var writer = new StreamWriter(gz, new UTF8Encoding(false)))
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"#\t{info.Name}\t{info.Version}\t{info.EffectiveFrom:yyyy-MM-dd}\t{info.EffectiveTo:yyyy-MM-dd}\t{info.Source}\n"));
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private static CodeSetInfo ParseHeader(string[] cols)
    {
        static DateOnly? Date(string[] c, int i) => c.Length > i && DateOnly.TryParseExact(c[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new CodeSetInfo(cols.ElementAtOrDefault(1) ?? "", cols.ElementAtOrDefault(2) ?? "", Date(cols, 3), Date(cols, 4), cols.ElementAtOrDefault(5) ?? "");
    }
}

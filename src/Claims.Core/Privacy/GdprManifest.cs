namespace Claims.Privacy;

/// <summary>What a GDPR export holds and why (Art. 15(1)(a)-(d): purposes, recipients, retention).</summary>
public sealed record GdprManifest(
    string Patient,
    DateTimeOffset CreatedAt,
    bool Erased,
    int Coverages,
    int Claims,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> Recipients,
    string Retention,
    string Source)
{
    /// <summary>The manifest file beside an export: FILE.manifest.json.</summary>
    public static string ManifestPath(string exportPath) => exportPath + ".manifest.json";
}

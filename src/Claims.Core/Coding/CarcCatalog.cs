using System.Collections.Frozen;

namespace Claims.Coding;

/// <summary>Claim Adjustment Reason Codes (X12, as republished by CMS) for reading denials.</summary>
public sealed class CarcCatalog
{
    internal CarcCatalog(CodeSetInfo info, IEnumerable<(string Code, string Description)> codes)
    {
        Info = info;
        Codes = codes.ToFrozenDictionary(c => c.Code, c => c.Description, StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public FrozenDictionary<string, string> Codes { get; }

    internal static CarcCatalog ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var list = CompactFile.ReadGzip(stream, h => info = h).Select(c => (c[0], c[1])).ToList();
        return new CarcCatalog(info!, list);
    }
}

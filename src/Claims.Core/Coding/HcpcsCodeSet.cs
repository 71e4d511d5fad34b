using System.Collections.Frozen;

namespace Claims.Coding;

/// <summary>HCPCS Level II (CMS, public): procedure/supply codes A-V and the Level II modifiers.</summary>
public sealed class HcpcsCodeSet
{
    internal HcpcsCodeSet(CodeSetInfo info, IEnumerable<HcpcsEntry> codes, IEnumerable<HcpcsEntry> modifiers)
    {
        Info = info;
        Codes = codes.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        Modifiers = modifiers.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public FrozenDictionary<string, HcpcsEntry> Codes { get; }

    public FrozenDictionary<string, HcpcsEntry> Modifiers { get; }

    internal static HcpcsCodeSet ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var codes = new List<HcpcsEntry>();
        var modifiers = new List<HcpcsEntry>();
        foreach (var cols in CompactFile.ReadGzip(stream, h => info = h))
        {
            (cols[0] == "M" ? modifiers : codes).Add(new HcpcsEntry(cols[1], cols[2], cols[3]));
        }
        return new HcpcsCodeSet(info!, codes, modifiers);
    }
}

namespace Claims.Coding;

/// <summary>A code or code range that an Excludes1 note names, e.g. <c>J44.-</c> (prefix) or <c>J40-J47</c> (range).</summary>
public readonly record struct CodeReference(string First, string Last)
{
    public bool Matches(string code) =>
        First == Last
            ? code.StartsWith(First, StringComparison.Ordinal)
            : string.CompareOrdinal(Truncate(code, First.Length), First) >= 0 && string.CompareOrdinal(Truncate(code, Last.Length), Last) <= 0;

    private static string Truncate(string code, int length) => code.Length <= length ? code : code[..length];
}

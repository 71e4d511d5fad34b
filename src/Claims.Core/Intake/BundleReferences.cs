using M = Hl7.Fhir.Model;

namespace Claims.Intake;

/// <summary>
/// The entries of a parsed Bundle by the ways a reference can name them: the entry's <c>fullUrl</c> (usually
/// <c>urn:uuid:</c>) and <c>Type/id</c>, plus absolute URLs that end in <c>Type/id</c> (with or without
/// <c>_history</c>). Shared by the intake mapper and the scrubber's dry-run mapper so both resolve alike.
/// </summary>
internal sealed class BundleReferences
{
    private readonly Dictionary<string, (M.Resource Resource, int Index)> _byReference = new(StringComparer.Ordinal);

    public BundleReferences(M.Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is null) continue;
            ResourceCount++;
            if (!string.IsNullOrEmpty(entry.FullUrl)) _byReference.TryAdd(entry.FullUrl, (entry.Resource, i));
            if (!string.IsNullOrEmpty(entry.Resource.Id)) _byReference.TryAdd($"{entry.Resource.TypeName}/{entry.Resource.Id}", (entry.Resource, i));
        }
    }

    /// <summary>How many entries carry a resource.</summary>
    public int ResourceCount { get; }

    /// <summary>The entry a reference names, or null (no reference, a contained <c>#id</c>, or nothing in the bundle).</summary>
    public (M.Resource Resource, int Index)? Find(M.ResourceReference? reference)
    {
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text) || text.StartsWith('#')) return null;
        if (_byReference.TryGetValue(text, out var hit)) return hit;
        var relative = RelativeTail(text);
        return relative is not null && _byReference.TryGetValue(relative, out hit) ? hit : null;
    }

    private static string? RelativeTail(string url)
    {
        var parts = url.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var history = Array.IndexOf(parts, "_history");
        if (history >= 0) parts = parts[..history];
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : null;
    }
}

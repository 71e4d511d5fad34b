using System.Globalization;
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
            if (entry?.Resource is null) continue;
            ResourceCount++;
            if (!string.IsNullOrEmpty(entry.FullUrl)) _byReference.TryAdd(entry.FullUrl, (entry.Resource, i));
            if (!string.IsNullOrEmpty(entry.Resource.Id)) _byReference.TryAdd($"{entry.Resource.TypeName}/{entry.Resource.Id}", (entry.Resource, i));
        }
    }

    /// <summary>
    /// Whether every entry can be told apart: no JSON <c>null</c> in place of an entry, no fullUrl used twice (bdl-7)
    /// and no <c>Type/id</c> used twice, since a reference to either would not say which resource it means. Each
    /// problem is an error at the later entry; nothing the bundle holds is quoted.
    /// </summary>
    public static bool AreDistinct(M.Bundle bundle, List<IntakeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(issues);
        var fullUrls = new Dictionary<string, int>(StringComparer.Ordinal);
        var typeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = true;
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Bundle.entry[{i}]");
            if (entry is null)
            {
                issues.Add(IntakeIssue.Error(IssueCodes.Structure, at, "The entry is JSON null; an entry is an object (remove the null)."));
                distinct = false;
                continue;
            }
            if (!string.IsNullOrEmpty(entry.FullUrl) && !fullUrls.TryAdd(entry.FullUrl, i))
            {
                issues.Add(IntakeIssue.Error(IssueCodes.Invalid, at + ".fullUrl",
                    string.Create(CultureInfo.InvariantCulture, $"The entry has the same fullUrl as Bundle.entry[{fullUrls[entry.FullUrl]}]; each entry needs its own (FHIR bdl-7).")));
                distinct = false;
            }
            if (entry.Resource is { Id.Length: > 0 } resource && !typeIds.TryAdd($"{resource.TypeName}/{resource.Id}", i))
            {
                issues.Add(IntakeIssue.Error(IssueCodes.Invalid, at + ".resource.id",
                    string.Create(CultureInfo.InvariantCulture, $"The {resource.TypeName} has the same id as the one in Bundle.entry[{typeIds[$"{resource.TypeName}/{resource.Id}"]}]: a reference to it would not say which is meant.")));
                distinct = false;
            }
        }
        return distinct;
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

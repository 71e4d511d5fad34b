namespace Claims.Coding;

/// <summary>What a claim's encounter says, one item at a time: a Condition, Procedure or Claim item.</summary>
/// <param name="Resource">Where it came from, e.g. <c>Condition/8f2c...</c> or <c>Claim/12#item-2</c> (ids, never PHI).</param>
/// <param name="SnomedCode">Its SNOMED CT code, when it carries one.</param>
/// <param name="Text">Its display or text as written.</param>
/// <param name="IsProcedure">A procedure or service (CPT/HCPCS), rather than a condition (ICD-10-CM).</param>
public sealed record CodingSource(string Resource, string? SnomedCode, string Text, bool IsProcedure);

/// <summary>The ranked codes for one source, each suggestion's evidence prefixed with the source resource.</summary>
public sealed record SourcedSuggestions(CodingSource Source, IReadOnlyList<CodeSuggestion> Suggestions);

/// <summary>
/// Suggestions for a whole claim: ICD-10-CM for its conditions, CPT and HCPCS (merged by score) for its
/// procedures and items. The coder accepts or rejects each; recording that is the work queue's job.
/// </summary>
public static class ClaimCodingSuggestions
{
    public static IReadOnlyList<SourcedSuggestions> For(CodeSearch search, IEnumerable<CodingSource> sources, int take = 5)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(sources);
        return sources.Select(source =>
        {
            var list = source.IsProcedure
                ? search.Suggest(source.Text, null, CodeSystemKind.Cpt, take).Concat(search.Suggest(source.Text, null, CodeSystemKind.Hcpcs, take))
                    .OrderByDescending(s => s.Score).Take(take).ToList()
                : search.Suggest(source.Text, source.SnomedCode, CodeSystemKind.Icd10Cm, take);
            return new SourcedSuggestions(source, list.Select(s => s with { Evidence = $"{source.Resource}: {s.Evidence}" }).ToList());
        }).ToList();
    }
}

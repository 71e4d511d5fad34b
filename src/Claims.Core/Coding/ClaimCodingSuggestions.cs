namespace Claims.Coding;

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

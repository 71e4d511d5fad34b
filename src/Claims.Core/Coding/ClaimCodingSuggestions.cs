namespace Claims.Coding;

/// <summary>
/// Suggestions for a whole claim: the E/M code for the encounter (<see cref="EvaluationAndManagement"/>), ICD-10-CM for
/// its conditions, a vaccine product and administration code for each CVX vaccine (<see cref="VaccineCodes"/>), and
/// CPT/HCPCS (curated SNOMED map, then text, merged by score) for its procedures and items. A Claim item that repeats
/// the encounter's type (Synthea bills the visit as an item coded with the type) gets the E/M suggestions, not a text
/// search over its words. The coder accepts or rejects each; recording that is the work queue's job.
/// </summary>
public static class ClaimCodingSuggestions
{
    /// <summary>The resource name of the encounter's own E/M entry when the encounter has no type item to hang it on.</summary>
    public const string EncounterResource = "Encounter";

    public static IReadOnlyList<SourcedSuggestions> For(CodeSearch search, IEnumerable<CodingSource> sources, int take = 5) =>
        For(search, sources, null, take);

    /// <summary>
    /// As above, with what the encounter says about the visit; when <paramref name="encounter"/> is given the first entry
    /// is its E/M suggestion (source <see cref="EncounterFacts.TypeResource"/>, else <see cref="EncounterResource"/>).
    /// </summary>
    public static IReadOnlyList<SourcedSuggestions> For(CodeSearch search, IEnumerable<CodingSource> sources, EncounterFacts? encounter, int take = 5)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(sources);
        var cpt = search.Sets.Cpt;
        var visit = encounter is null ? [] : EvaluationAndManagement.Suggest(encounter, cpt).Take(take).ToList();
        var typeCodes = encounter?.Types.Select(t => t.Code).ToHashSet(StringComparer.Ordinal) ?? [];
        var result = new List<SourcedSuggestions>();
        if (encounter is not null)
        {
            var first = encounter.Types.Count > 0 ? encounter.Types[0] : (Code: "", Display: (string?)null);
            var source = new CodingSource(encounter.TypeResource ?? EncounterResource, first.Code.Length > 0 ? first.Code : null, first.Display ?? "Encounter", IsProcedure: true);
            result.Add(Prefixed(source, visit));
        }
        var vaccinesSeen = new List<string>();
        foreach (var source in sources)
        {
            if (source.CvxCode is { } cvx)
            {
                var key = VaccineCodes.NormaliseCvx(cvx);
                var before = vaccinesSeen.IndexOf(key) is var at && at >= 0 ? at : vaccinesSeen.Count;
                if (at < 0) vaccinesSeen.Add(key);
                result.Add(Prefixed(source, VaccineCodes.Embedded.Suggest(cvx, source.Text, encounter?.AgeYears, before, cpt).Take(take).ToList()));
            }
            else if (source.IsProcedure && source.SnomedCode is { } snomed && (typeCodes.Contains(snomed) || (encounter is not null && EvaluationAndManagement.IsEncounterType(snomed))))
            {
                result.Add(Prefixed(source, visit));
            }
            else if (source.IsProcedure)
            {
                result.Add(Prefixed(source, search.SuggestProcedure(source.Text, source.SnomedCode, take)));
            }
            else
            {
                result.Add(Prefixed(source, search.Suggest(source.Text, source.SnomedCode, CodeSystemKind.Icd10Cm, take)));
            }
        }
        return result;
    }

    private static SourcedSuggestions Prefixed(CodingSource source, IReadOnlyList<CodeSuggestion> list) =>
        new(source, list.Select(s => s with { Evidence = $"{source.Resource}: {s.Evidence}" }).ToList());
}

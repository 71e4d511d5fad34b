using System.Collections.Frozen;
using System.Globalization;

namespace Claims.Coding;

/// <summary>
/// The E/M code for an encounter. The family comes from the encounter's class (place of service 23 emergency, 21
/// inpatient) and otherwise its SNOMED CT type (<c>Data/encounter-types.tsv</c>): preventive, office, emergency,
/// inpatient or prenatal. Preventive visits are coded by age band at the date of service and new (no visit at the
/// clinic in three years) or established. Office, emergency and inpatient visits need a level, which CPT (2021)
/// decides by medical decision making; what a bundle documents is the number of problems (conditions) and of
/// procedures and tests, so the level is taken from their sum: 0 straightforward (level 2), 1-2 low (3), 3-4
/// moderate (4), 5 or more high (5). The neighbouring levels and the other new/established code follow as
/// alternatives, because the level is the coder's judgement of the note, which the bundle does not carry.
/// </summary>
public static class EvaluationAndManagement
{
    private static readonly Lazy<FrozenDictionary<string, VisitKind>> Types = new(() => CodeSets.ReadEmbeddedText("encounter-types.tsv", ReadTypes));

    /// <summary>The E/M family of an encounter; <see cref="VisitKind.Office"/> when neither class nor type says more.</summary>
    public static VisitKind KindOf(EncounterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // The class is what the payer sees in the place of service: an emergency or inpatient encounter is that
        // whatever its type says ("Encounter for problem" in the emergency room is an ED visit).
        if (facts.PlaceOfService.Code == "23") return VisitKind.Emergency;
        if (facts.PlaceOfService.Code == "21") return VisitKind.Inpatient;
        foreach (var (code, _) in facts.Types)
        {
            if (Types.Value.TryGetValue(code.Trim(), out var kind)) return kind;
        }
        return VisitKind.Office;
    }

    /// <summary>Whether a SNOMED CT code is an encounter type the E/M table knows (a Claim item coded with it is the visit).</summary>
    public static bool IsEncounterType(string snomedCode) => snomedCode is not null && Types.Value.ContainsKey(snomedCode.Trim());

    /// <summary>The level 2-5 the documented complexity points to (see the class remarks for the rule).</summary>
    public static int Level(EncounterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return (facts.Conditions + facts.Procedures) switch
        {
            0 => 2,
            <= 2 => 3,
            <= 4 => 4,
            _ => 5,
        };
    }

    /// <summary>Ranked E/M codes for the encounter, best first, each with the reason; empty for a non-E/M encounter.</summary>
    public static IReadOnlyList<CodeSuggestion> Suggest(EncounterFacts facts, CptCodeSet cpt)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(cpt);
        var kind = KindOf(facts);
        var type = facts.Types.Count > 0 ? $"{facts.Types[0].Display ?? facts.Types[0].Code}" : "no encounter type";
        var status = facts.NewPatient ? "new patient (no visit at the clinic in the last three years)" : "established patient (seen at the clinic in the last three years)";
        var age = $"age {facts.AgeYears.ToString(CultureInfo.InvariantCulture)}{(facts.AgeExact ? "" : " (from the birth year)")}";
        var level = Level(facts);
        var complexity = $"{facts.Conditions.ToString(CultureInfo.InvariantCulture)} condition(s) + {facts.Procedures.ToString(CultureInfo.InvariantCulture)} procedure(s)/test(s) -> level {level.ToString(CultureInfo.InvariantCulture)} ({Complexity(level)})";
        var list = new List<(string Code, double Score, string Why)>();
        switch (kind)
        {
            case VisitKind.Preventive:
                var band = AgeBand(facts.AgeYears);
                list.Add((Preventive(band, facts.NewPatient), 1.0, $"preventive visit ({type}), {status}, {age}: band {BandText(band)}"));
                list.Add((Preventive(band, !facts.NewPatient), 0.9, $"the same band if the patient is {(facts.NewPatient ? "established (seen by the practice before the records we hold)" : "new")}"));
                if (!facts.AgeExact && band > 0) list.Add((Preventive(band - 1, facts.NewPatient), 0.85, "the band below: the age comes from the birth year and may be one year high"));
                if (facts.Conditions > 0) list.Add((Office(level, facts.NewPatient), 0.8, $"a problem addressed at the preventive visit is billed as an office visit too, with modifier 25: {complexity}"));
                break;
            case VisitKind.Office:
            case VisitKind.Prenatal:
                var prenatal = kind == VisitKind.Prenatal;
                var office = Office(level, facts.NewPatient);
                list.Add((office, prenatal ? 0.95 : 1.0, $"{(prenatal ? "prenatal/postnatal" : "office")} visit ({type}), {status}: {complexity}"));
                if (prenatal)
                {
                    list.Add(("59425", 0.97, "antepartum visits are normally billed together in the global obstetric package (59425 for 4-6 visits, 59426 for 7 or more, 59400 with delivery); bill this visit alone only outside the package"));
                    list.Add(("59426", 0.9, "antepartum care, 7 or more visits"));
                }
                if (level > 2) list.Add((Office(level - 1, facts.NewPatient), 0.88, "one level lower, if the note shows less decision making"));
                if (level < 5) list.Add((Office(level + 1, facts.NewPatient), 0.86, "one level higher, if the note shows more decision making"));
                list.Add((Office(level, !facts.NewPatient), 0.8, $"the same level as a{(facts.NewPatient ? "n established" : " new")} patient"));
                if (!facts.NewPatient && facts.Conditions + facts.Procedures == 0) list.Add(("99211", 0.75, "a visit that may not need a physician (nurse visit)"));
                break;
            case VisitKind.Emergency:
                var ed = level switch { 2 => "99282", 3 => "99283", 4 => "99284", _ => "99285" };
                list.Add((ed, 1.0, $"emergency department visit ({type}; new/established does not apply): {complexity}"));
                list.Add((level > 2 ? $"9928{(level - 1).ToString(CultureInfo.InvariantCulture)}" : "99281", 0.88, "one level lower"));
                if (level < 5) list.Add(($"9928{(level + 1).ToString(CultureInfo.InvariantCulture)}", 0.86, "one level higher"));
                break;
            case VisitKind.Inpatient:
                var inpatientLevel = Math.Max(1, level - 2);
                list.Add(($"9922{inpatientLevel.ToString(CultureInfo.InvariantCulture)}", 1.0, $"initial hospital inpatient care ({type}): {complexity}; the facility bills the stay itself"));
                if (inpatientLevel < 3) list.Add(($"9922{(inpatientLevel + 1).ToString(CultureInfo.InvariantCulture)}", 0.88, "one level higher"));
                if (inpatientLevel > 1) list.Add(($"9922{(inpatientLevel - 1).ToString(CultureInfo.InvariantCulture)}", 0.86, "one level lower"));
                break;
            case VisitKind.None:
            default:
                return [];
        }
        return list.DistinctBy(s => s.Code)
            .Select(s => new CodeSuggestion(s.Code, cpt.Codes.TryGetValue(s.Code, out var c) ? c.Label : "E/M visit", s.Score, "E/M: " + s.Why))
            .ToList();
    }

    /// <summary>CPT's preventive age bands: 0 under 1, 1 ages 1-4, 2 ages 5-11, 3 ages 12-17, 4 ages 18-39, 5 ages 40-64, 6 65 and over.</summary>
    public static int AgeBand(int ageYears) => ageYears switch
    {
        < 1 => 0,
        <= 4 => 1,
        <= 11 => 2,
        <= 17 => 3,
        <= 39 => 4,
        <= 64 => 5,
        _ => 6,
    };

    private static string BandText(int band) => band switch
    {
        0 => "under 1 year",
        1 => "1-4 years",
        2 => "5-11 years",
        3 => "12-17 years",
        4 => "18-39 years",
        5 => "40-64 years",
        _ => "65 years and over",
    };

    private static string Preventive(int band, bool newPatient) => ((newPatient ? 99381 : 99391) + band).ToString(CultureInfo.InvariantCulture);

    /// <summary>Office visit: new 99202-99205 (there is no new-patient level 1 since 2021), established 99212-99215.</summary>
    private static string Office(int level, bool newPatient) => ((newPatient ? 99200 : 99210) + Math.Clamp(level, 2, 5)).ToString(CultureInfo.InvariantCulture);

    private static string Complexity(int level) => level switch
    {
        2 => "straightforward",
        3 => "low",
        4 => "moderate",
        _ => "high",
    };

    private static FrozenDictionary<string, VisitKind> ReadTypes(TextReader reader)
    {
        var map = new Dictionary<string, VisitKind>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var c = line.Split('\t');
            map[c[0]] = Enum.Parse<VisitKind>(c[1], ignoreCase: true);
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

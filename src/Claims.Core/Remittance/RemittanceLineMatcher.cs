using Claims.Domain;

namespace Claims.Remittance;

/// <summary>
/// Matches the payer's service lines (SVC) to ours. A payer may drop or reorder modifiers and reorder lines, so the
/// procedure code decides (SVC06, the code as submitted, when the payer changed it in SVC01); among our lines with
/// that code still free, REF*6R naming our line number wins, then the one with the same modifiers, then the first by
/// position. Each of our lines is matched at most once.
/// </summary>
public static class RemittanceLineMatcher
{
    /// <summary>Our line number for each service line, in order; null where none is left to match.</summary>
    public static int?[] Match(IReadOnlyList<ServiceLine> ours, IReadOnlyList<ServicePayment> theirs)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var result = new int?[theirs.Count];
        if (theirs.Count == 0) return result;
        var taken = new bool[ours.Count];
        for (var i = 0; i < theirs.Count; i++)
        {
            var line = theirs[i];
            var code = (line.OriginalProcedure ?? line.Procedure).Code;
            var modifiers = (line.OriginalProcedure ?? line.Procedure).Modifiers;
            int? byReference = null, byModifiers = null, byPosition = null;
            for (var j = 0; j < ours.Count; j++)
            {
                if (taken[j] || !string.Equals(ours[j].Code.Value, code, StringComparison.OrdinalIgnoreCase)) continue;
                byPosition ??= j;
                if (byModifiers is null && SameModifiers(ours[j].Modifiers, modifiers)) byModifiers = j;
                if (line.LineControlNumber is { } reference && reference == ours[j].LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)) byReference = j;
            }
            if ((byReference ?? byModifiers ?? byPosition) is { } match)
            {
                taken[match] = true;
                result[i] = ours[match].LineNumber;
            }
        }
        return result;
    }

    private static bool SameModifiers(IReadOnlyList<Modifier> ours, IReadOnlyList<string> theirs) =>
        ours.Count == theirs.Count && ours.All(m => theirs.Contains(m.Value, StringComparer.OrdinalIgnoreCase));
}

using System.Globalization;

namespace Claims.Submission;

/// <summary>
/// What a clearinghouse file says at a glance, for the batch history (no PHI): its kind, a summary of counts and
/// codes, whether a 999 accepted the group, the GS06 it answers and the claim control numbers it names.
/// </summary>
internal sealed record X12Answer(string Kind, string Summary, bool? Accepted, int? GroupControlNumber, IReadOnlyList<string> ClaimControlNumbers)
{
    public static X12Answer Read(byte[] content)
    {
        IReadOnlyList<X12Segment> segments;
        try
        {
            segments = X12Segments.Split(content, out _);
        }
        catch (FormatException ex)
        {
            return new X12Answer("unknown", ex.Message, null, null, []);
        }
        var st = segments.FirstOrDefault(s => s.Id == "ST");
        var kind = st?[1] switch
        {
            "999" => "999",
            "277" => "277CA",
            "835" => "835",
            _ => segments.Any(s => s.Id == "TA1") ? "TA1" : "unknown",
        };
        return kind switch
        {
            "999" => Ack(segments),
            "277CA" => ClaimAck(segments),
            "835" => Remittance(segments),
            _ => new X12Answer(kind, kind == "TA1" ? "interchange acknowledgment" : "not a 999, 277CA or 835", null, null, []),
        };
    }

    private static X12Answer Ack(IReadOnlyList<X12Segment> segments)
    {
        var ak1 = segments.FirstOrDefault(s => s.Id == "AK1");
        var ak9 = segments.FirstOrDefault(s => s.Id == "AK9");
        var group = int.TryParse(ak1?[2], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : (int?)null;
        var code = ak9?[1] ?? "";
        var rejected = segments.Count(s => s.Id == "IK5" && s[1] == "R");
        var errors = segments.Count(s => s.Id == "IK3");
        var accepted = code is "A" or "E" or "P";
        var summary = code switch
        {
            "A" => "accepted",
            "E" => "accepted with errors",
            "P" => $"partially accepted ({rejected} transaction sets rejected)",
            "R" => $"rejected ({errors} segment errors)",
            _ => "no AK9",
        };
        return new X12Answer("999", summary, code.Length == 0 ? null : accepted, group, []);
    }

    private static X12Answer ClaimAck(IReadOnlyList<X12Segment> segments)
    {
        var claims = new List<string>();
        int accepted = 0, rejected = 0;
        string? current = null;
        var level = "";
        foreach (var s in segments)
        {
            if (s.Id == "HL")
            {
                current = null;
                level = s[3];
            }
            // 2200D: the claim's TRN*2 (TRN02 = our CLM01) under a patient HL (HL03 = PT).
            if (s.Id == "TRN" && s[1] == "2" && level == "PT") current = s[2];
            if (s.Id == "STC" && current is not null)
            {
                var category = s[1].Split(':')[0];
                if (category is "A1" or "A2") accepted++;
                else rejected++;
                claims.Add(current);
                current = null;
            }
        }
        return new X12Answer("277CA", $"{accepted} accepted, {rejected} rejected", null, null, claims);
    }

    private static X12Answer Remittance(IReadOnlyList<X12Segment> segments)
    {
        var clps = segments.Where(s => s.Id == "CLP").ToList();
        var paid = clps.Sum(s => decimal.TryParse(s[4], NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0m);
        var reversals = clps.Count(s => s[2] == "22");
        var bpr = segments.FirstOrDefault(s => s.Id == "BPR")?[2] ?? "0";
        return new X12Answer("835", FormattableString.Invariant($"{clps.Count} claims ({reversals} reversals), paid {paid:0.00}, payment {bpr}"), null, null, [.. clps.Select(s => s[1])]);
    }
}

using System.Collections.Frozen;
using System.Globalization;
using Claims.Coding;
using Claims.Domain;

namespace Claims.Scrubbing;

/// <summary>
/// The edit engine: validity (ICD-10-CM on the date of service, CPT/HCPCS, modifiers, NPI), Medicare Code
/// Editor sex/age, Excludes1, NCCI PTP, MUE, pointers, completeness, charges, eligibility, timely filing and
/// duplicates. Stateless and thread-safe; the code sets are loaded once and shared.
/// </summary>
public sealed class Scrubber(CodeSets codeSets)
{
    private const int DefaultTimelyFilingDays = 365;
    private const string SrcIcd = "ICD-10-CM";
    private const string SrcMce = "CMS Medicare Code Editor v37";
    private const string SrcClaim = "837P/FHIR Claim completeness";

    /// <summary>Modifiers that may bypass an NCCI PTP edit with indicator 1 (CMS NCCI policy manual, ch. I).</summary>
    public static FrozenSet<string> NcciModifiers { get; } = new[]
    {
        "59", "XE", "XS", "XP", "XU", "25", "24", "57", "58", "78", "79", "27", "91",
        "RT", "LT", "E1", "E2", "E3", "E4", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "FA",
        "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LC", "LD", "RC", "LM", "RI",
    }.ToFrozenSet(StringComparer.Ordinal);

    public CodeSets CodeSets { get; } = codeSets;

    /// <summary>
    /// Scrubs claims that arrive together (a FHIR bundle's Claims, for <c>claims scrub --fhir</c>) in their order:
    /// each claim is checked for DUPLICATE against <paramref name="onFile"/> and the claims before it, as if those
    /// had been stored first, so a repeated claim is reported once, on the repeat.
    /// </summary>
    public IReadOnlyList<ScrubResult> ScrubInOrder(IReadOnlyList<ScrubClaim> claims, DateOnly today, IReadOnlyList<ScrubClaim>? onFile = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var earlier = new List<ScrubClaim>(onFile ?? []);
        var results = new List<ScrubResult>(claims.Count);
        foreach (var claim in claims)
        {
            results.Add(Scrub(claim, today, new DuplicateIndex(earlier)));
            earlier.Add(claim);
        }
        return results;
    }

    /// <summary>Runs every edit. <paramref name="today"/> drives timely filing; <paramref name="others"/> duplicates.</summary>
    public ScrubResult Scrub(ScrubClaim claim, DateOnly today, DuplicateIndex? others = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var findings = new List<ScrubFinding>();
        var serviceDate = claim.ServiceFrom ?? claim.Lines.Select(l => l.ServiceDate).Min();
        CheckCompleteness(claim, serviceDate, findings);
        CheckNpis(claim, findings);
        CheckDiagnoses(claim, serviceDate ?? today, findings);
        CheckLines(claim, findings);
        CheckPointers(claim, findings);
        CheckNcci(claim, serviceDate ?? today, findings);
        CheckMue(claim, serviceDate ?? today, findings);
        CheckCharges(claim, findings);
        if (serviceDate is { } date)
        {
            if (!claim.SelfPay)
            {
                CheckEligibility(claim, date, findings);
                CheckTimelyFiling(claim, date, today, findings);
            }
            if (others is not null) CheckDuplicates(claim, others, findings);
        }
        return new ScrubResult(claim.ClaimId, findings);
    }

    private static void CheckCompleteness(ScrubClaim c, DateOnly? serviceDate, List<ScrubFinding> f)
    {
        void Missing(string what, string location = "claim") => f.Add(new(EditIds.MissingField, ScrubSeverity.Error, $"The claim has no {what}.", location, SrcClaim));
        if (!c.SelfPay)
        {
            if (string.IsNullOrWhiteSpace(c.PayerId)) Missing("payer");
            if (!c.HasSubscriberId) Missing("subscriber (member) id");
        }
        if (serviceDate is null) Missing("date of service");
        if (string.IsNullOrWhiteSpace(c.PlaceOfService)) Missing("place of service");
        else if (c.PlaceOfService.Trim() is not { Length: 2 } pos || !pos.All(char.IsAsciiDigit) || pos == "00")
            f.Add(new(EditIds.MissingField, ScrubSeverity.Error, $"'{Icd10Code.Shorten(c.PlaceOfService)}' is not a place-of-service code (two digits, 01-99).", "claim", SrcClaim));
        if (string.IsNullOrWhiteSpace(c.BillingProviderNpi)) Missing("billing provider NPI");
        if (c.Diagnoses.Count == 0) Missing("diagnosis");
        if (c.Lines.Count == 0) Missing("service line");
    }

    private static void CheckNpis(ScrubClaim c, List<ScrubFinding> f)
    {
        if (!string.IsNullOrWhiteSpace(c.BillingProviderNpi) && !Npi.TryParse(c.BillingProviderNpi, out _))
            f.Add(new(EditIds.NpiInvalid, ScrubSeverity.Error, $"Billing provider NPI {Icd10Code.Shorten(c.BillingProviderNpi)} is not valid (ten digits with a Luhn check digit).", "claim", "CMS NPI check digit"));
        if (!string.IsNullOrWhiteSpace(c.RenderingProviderNpi) && !Npi.TryParse(c.RenderingProviderNpi, out _))
            f.Add(new(EditIds.NpiInvalid, ScrubSeverity.Error, $"Rendering provider NPI {Icd10Code.Shorten(c.RenderingProviderNpi)} is not valid (ten digits with a Luhn check digit).", "claim", "CMS NPI check digit"));
    }

    private void CheckDiagnoses(ScrubClaim c, DateOnly date, List<ScrubFinding> f)
    {
        var set = CodeSets.Icd10Cm.ForDate(date);
        var source = $"{SrcIcd} {set.Info.Version}";
        var valid = new List<(int, Icd10CmEntry)>();
        for (var i = 0; i < c.Diagnoses.Count; i++)
        {
            var raw = c.Diagnoses[i] ?? "";
            var location = Dx(i + 1);
            var entry = Icd10Code.TryParse(raw, out var parsed) ? set.Find(parsed.Value) : null;
            if (entry is null)
            {
                f.Add(new(EditIds.IcdInvalid, ScrubSeverity.Error, $"'{Icd10Code.Shorten(raw)}' is not an ICD-10-CM code in {set.Info.Version} (in force on {date:yyyy-MM-dd}).{Hint(set, parsed)}", location, source));
                continue;
            }
            if (!entry.Billable)
            {
                f.Add(new(EditIds.IcdHeader, ScrubSeverity.Error, $"{entry.Display} ({entry.Description}) is a header, not billable: code to the highest specificity.", location, source));
                continue;
            }
            valid.Add((i + 1, entry));
            var edits = CodeSets.Mce.EditsFor(entry.Code);
            if (edits == MceEdit.None) continue;
            if (edits.HasFlag(MceEdit.FemaleOnly) && c.Sex == AdministrativeSex.Male)
                f.Add(new(EditIds.IcdSex, ScrubSeverity.Error, $"{entry.Display} is a diagnosis for female patients; the patient is male.", location, SrcMce));
            if (edits.HasFlag(MceEdit.MaleOnly) && c.Sex == AdministrativeSex.Female)
                f.Add(new(EditIds.IcdSex, ScrubSeverity.Error, $"{entry.Display} is a diagnosis for male patients; the patient is female.", location, SrcMce));
            if (AgeRange(c, date) is { } age)
            {
                foreach (var edit in new[] { MceEdit.NewbornOnly, MceEdit.PediatricOnly, MceEdit.MaternityOnly, MceEdit.AdultOnly })
                {
                    if (!edits.HasFlag(edit)) continue;
                    var (min, max) = MedicareCodeEditor.AgeRange(edit);
                    if (age.Max < min || age.Min > max)
                    {
                        var ageText = age.Min == age.Max ? age.Min.ToString(CultureInfo.InvariantCulture) : $"{age.Min}-{age.Max}";
                        f.Add(new(EditIds.IcdAge, ScrubSeverity.Error, $"{entry.Display} is for ages {min}-{max}; the patient is {ageText} on the date of service.", location, SrcMce));
                    }
                }
            }
        }
        CheckRedundant(valid, source, f);
        for (var a = 0; a < valid.Count; a++)
        {
            for (var b = 0; b < valid.Count; b++)
            {
                if (a == b) continue;
                var (posA, ea) = valid[a];
                var (posB, eb) = valid[b];
                if (ea.Code[..3] == eb.Code[..3] && a > b) continue; // one finding per pair inside a category
                var note = set.Excludes1For(ea.Code).FirstOrDefault(n => n.References.Any(r => r.Matches(eb.Code) && !r.Matches(ea.Code)));
                if (note is null) continue;
                if (a > b && set.Excludes1For(eb.Code).Any(n => n.References.Any(r => r.Matches(ea.Code) && !r.Matches(eb.Code)))) continue; // reported from the other side
                f.Add(new(EditIds.IcdExcludes1, ScrubSeverity.Error,
                    $"{ea.Display} and {eb.Display} may not be coded together: Excludes1 at {Display(note.OnCode)} \"{note.Text}\".", $"{Dx(posA)}, {Dx(posB)}", source));
            }
        }
    }

    /// <summary>
    /// ICD-10-CM guideline I.B.2/I.A.9: code to the highest specificity the record supports; an unspecified code is for
    /// when nothing more specific is known. So a code of a category whose description says "unspecified" or "without
    /// complication(s)" is redundant (or contradictory) beside another code of the same category on the same claim:
    /// E11.9 (type 2 diabetes without complications) with E11.65 (with hyperglycemia), J45.909 with J45.41.
    /// Injuries and external causes (S, T, V-Y) are left out: two injuries of one category at different sites are
    /// separate conditions, each coded.
    /// </summary>
    private static void CheckRedundant(List<(int Position, Icd10CmEntry Entry)> valid, string source, List<ScrubFinding> f)
    {
        foreach (var (position, entry) in valid)
        {
            if (entry.Code[0] is 'S' or 'T' or 'V' or 'W' or 'X' or 'Y' || !IsUnspecified(entry)) continue;
            var specific = valid.FirstOrDefault(o => o.Entry.Code != entry.Code && o.Entry.Code[..3] == entry.Code[..3] && !IsUnspecified(o.Entry));
            if (specific.Entry is null) continue;
            f.Add(new(EditIds.IcdRedundant, ScrubSeverity.Error,
                $"{entry.Display} ({entry.Description}) is redundant beside {specific.Entry.Display} ({specific.Entry.Description}): remove {entry.Display} from the diagnoses; the more specific code says it all.",
                $"{Dx(position)}, {Dx(specific.Position)}", source));
        }
    }

    private static bool IsUnspecified(Icd10CmEntry entry) =>
        entry.Description.Contains("unspecified", StringComparison.OrdinalIgnoreCase) || entry.Description.Contains("without complication", StringComparison.OrdinalIgnoreCase);

    private void CheckLines(ScrubClaim c, List<ScrubFinding> f)
    {
        foreach (var line in c.Lines)
        {
            var location = Line(line.Number);
            var code = (line.Code ?? "").Trim().ToUpperInvariant();
            if (!ProcedureCode.TryParse(code, out var parsed))
                f.Add(new(EditIds.ProcInvalid, ScrubSeverity.Error, $"'{Icd10Code.Shorten(line.Code)}' is neither a CPT code nor a HCPCS Level II code.", location, "CPT/HCPCS code shape"));
            else if (parsed.System == ProcedureCodeSystem.Hcpcs && !CodeSets.Hcpcs.Codes.ContainsKey(code))
                f.Add(new(EditIds.ProcInvalid, ScrubSeverity.Error, $"{code} is not in the HCPCS Level II set ({CodeSets.Hcpcs.Info.Version}).", location, $"HCPCS Level II {CodeSets.Hcpcs.Info.Version}"));
            else if (parsed.System == ProcedureCodeSystem.Cpt && CodeSets.Cpt.Licensed && !CodeSets.Cpt.Codes.ContainsKey(code))
                f.Add(new(EditIds.ProcInvalid, ScrubSeverity.Error, $"{code} is not in the loaded CPT file.", location, $"CPT ({CodeSets.Cpt.Info.Source})"));

            if (line.Modifiers.Count > 4)
                f.Add(new(EditIds.ModInvalid, ScrubSeverity.Error, $"A line carries at most four modifiers (found {line.Modifiers.Count}).", location, "837P SV101"));
            foreach (var raw in line.Modifiers)
            {
                var m = (raw ?? "").Trim().ToUpperInvariant();
                if (!CodeSets.Hcpcs.Modifiers.ContainsKey(m) && !CptCodeSet.CptModifiers.Contains(m))
                    f.Add(new(EditIds.ModInvalid, ScrubSeverity.Error, $"'{Icd10Code.Shorten(raw)}' is not a CPT or HCPCS Level II modifier.", location, $"HCPCS Level II {CodeSets.Hcpcs.Info.Version} modifiers, CPT modifiers"));
            }
        }
    }

    private static void CheckPointers(ScrubClaim c, List<ScrubFinding> f)
    {
        foreach (var line in c.Lines)
        {
            if (line.DiagnosisPointers.Count == 0)
                f.Add(new(EditIds.DxPointer, ScrubSeverity.Error, "The line points to no diagnosis.", Line(line.Number), SrcClaim));
            else if (line.DiagnosisPointers.Where(p => p < 1 || p > c.Diagnoses.Count).Select(p => (int?)p).FirstOrDefault() is { } bad)
                f.Add(new(EditIds.DxPointer, ScrubSeverity.Error, $"Diagnosis pointer {bad} does not point to one of the claim's {c.Diagnoses.Count} diagnoses.", Line(line.Number), SrcClaim));
            else if (line.DiagnosisPointers.Count > 4)
                f.Add(new(EditIds.DxPointer, ScrubSeverity.Error, "A line carries at most four diagnosis pointers.", Line(line.Number), SrcClaim));
        }
    }

    private void CheckNcci(ScrubClaim c, DateOnly claimDate, List<ScrubFinding> f)
    {
        var lines = c.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            for (var j = 0; j < lines.Count; j++)
            {
                if (i == j) continue;
                var a = lines[i];
                var b = lines[j];
                var date = a.ServiceDate ?? claimDate;
                if ((b.ServiceDate ?? claimDate) != date) continue;
                var edit = CodeSets.Ncci.Find(a.Code.Trim().ToUpperInvariant(), b.Code.Trim().ToUpperInvariant(), date);
                if (edit is null || edit.ModifierIndicator == 9) continue;
                var bypass = edit.ModifierIndicator == 1 && (HasNcciModifier(a) || HasNcciModifier(b));
                if (bypass) continue;
                var why = edit.ModifierIndicator == 0
                    ? "never allowed together (modifier indicator 0)"
                    : "allowed only with an NCCI-associated modifier such as 59 or XU (modifier indicator 1), and none is present";
                f.Add(new(EditIds.NcciPtp, ScrubSeverity.Error,
                    $"{b.Code} (line {b.Number}) is bundled into {a.Code} (line {a.Number}) on {date:yyyy-MM-dd}: {why}.", Line(b.Number),
                    $"NCCI PTP {CodeSets.Ncci.Info.Version}{(CodeSets.Ncci.IsDemo ? " (demo table)" : "")}"));
            }
        }
    }

    private static bool HasNcciModifier(ScrubLine line) => line.Modifiers.Any(m => NcciModifiers.Contains((m ?? "").Trim().ToUpperInvariant()));

    private void CheckMue(ScrubClaim c, DateOnly claimDate, List<ScrubFinding> f)
    {
        var source = $"MUE {CodeSets.Mue.Info.Version}{(CodeSets.Mue.IsDemo ? " (demo table)" : "")}";
        foreach (var group in c.Lines.GroupBy(l => (Code: l.Code.Trim().ToUpperInvariant(), Date: l.ServiceDate ?? claimDate)))
        {
            if (!CodeSets.Mue.Limits.TryGetValue(group.Key.Code, out var limit)) continue;
            if (limit.AdjudicationIndicator == 1)
            {
                foreach (var line in group.Where(l => l.Units > limit.MaxUnits))
                    f.Add(new(EditIds.Mue, ScrubSeverity.Error, $"{line.Code}: {line.Units} units on one line, the limit is {limit.MaxUnits} per line.", Line(line.Number), source));
            }
            else
            {
                var units = group.Sum(l => l.Units);
                if (units > limit.MaxUnits)
                    f.Add(new(EditIds.Mue, ScrubSeverity.Error, $"{group.Key.Code}: {units} units on {group.Key.Date:yyyy-MM-dd}, the limit is {limit.MaxUnits} per day.", string.Join(", ", group.Select(l => Line(l.Number))), source));
            }
        }
    }

    private static void CheckCharges(ScrubClaim c, List<ScrubFinding> f)
    {
        // No charge at all is its own finding: the fix is the clinic's fee schedule (or the line), not the arithmetic.
        foreach (var line in c.Lines.Where(l => l.Charge == 0))
            f.Add(new(EditIds.ChargeMissing, ScrubSeverity.Error,
                $"{line.Code} has no charge: enter the charge on the line in the workbench, or add {line.Code} to the clinic's fee schedule (Admin > Fee schedule, or 'claims fees import') and add the line again.", Line(line.Number), SrcClaim));
        foreach (var line in c.Lines.Where(l => l.Charge < 0))
            f.Add(new(EditIds.ChargeMismatch, ScrubSeverity.Error, $"The line's charge is {line.Charge.ToString("0.00", CultureInfo.InvariantCulture)}; a charge must be positive.", Line(line.Number), SrcClaim));
        var sum = c.Lines.Sum(l => l.Charge);
        if (c.TotalCharge is { } total && c.Lines.Count > 0 && total != sum)
            f.Add(new(EditIds.ChargeMismatch, ScrubSeverity.Error,
                $"The claim total {total.ToString("0.00", CultureInfo.InvariantCulture)} is not the sum of its lines {sum.ToString("0.00", CultureInfo.InvariantCulture)}.", "claim", SrcClaim));
    }

    private static void CheckEligibility(ScrubClaim c, DateOnly date, List<ScrubFinding> f)
    {
        if (!c.HasCoverage) return;
        if ((c.CoverageStart is { } start && date < start) || (c.CoverageEnd is { } end && date > end))
            f.Add(new(EditIds.EligInactive, ScrubSeverity.Error,
                $"Coverage is not active on {date:yyyy-MM-dd} (period {c.CoverageStart:yyyy-MM-dd} to {(c.CoverageEnd is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open")}).", "claim", "Coverage period"));
    }

    private static void CheckTimelyFiling(ScrubClaim c, DateOnly date, DateOnly today, List<ScrubFinding> f)
    {
        var limit = c.TimelyFilingDays ?? DefaultTimelyFilingDays;
        var age = today.DayNumber - date.DayNumber;
        if (age > limit)
            f.Add(new(EditIds.TimelyFiling, ScrubSeverity.Error, $"The service date {date:yyyy-MM-dd} is {age} days ago, past the payer's filing limit of {limit} days.", "claim",
                c.TimelyFilingDays is null ? "Default timely filing limit (365 days, Medicare 12 months)" : "Payer timely filing limit"));
    }

    private static void CheckDuplicates(ScrubClaim c, DuplicateIndex others, List<ScrubFinding> f)
    {
        var provider = DuplicateIndex.Provider(c);
        if (c.PatientKey is null || provider is null) return;
        foreach (var line in c.Lines)
        {
            if ((line.ServiceDate ?? c.ServiceFrom) is not { } date) continue;
            var other = others.OtherClaims(c.PatientKey, date, line.Code.Trim().ToUpperInvariant(), provider, c.ClaimId).FirstOrDefault();
            if (other is not null)
                f.Add(new(EditIds.Duplicate, ScrubSeverity.Error, $"{line.Code} on {date:yyyy-MM-dd} for this patient and provider is already billed on claim {other}.", Line(line.Number), "Duplicate claim check (CARC 18)"));
        }
    }

    /// <summary>A 7th character needs the placeholder X when the code is shorter than six (S01.81A -> S01.81XA).</summary>
    private static string Hint(Icd10CmCodeSet set, Icd10Code? parsed)
    {
        if (parsed is null || parsed.Value.Length is < 4 or > 6 || !char.IsAsciiLetter(parsed.Value[^1])) return "";
        var padded = parsed.Value[..^1].PadRight(6, 'X') + parsed.Value[^1];
        return set.Find(padded) is { Billable: true } entry ? $" Did you mean {entry.Display} (7th character with placeholder X)?" : "";
    }

    private static (int Min, int Max)? AgeRange(ScrubClaim c, DateOnly date)
    {
        if (c.BirthDate is { } birth)
        {
            var age = date.Year - birth.Year - (date < birth.AddYears(date.Year - birth.Year) ? 1 : 0);
            return (Math.Max(0, age), Math.Max(0, age));
        }
        if (c.BirthYear is { } year)
        {
            var max = date.Year - year;
            return (Math.Max(0, max - 1), Math.Max(0, max));
        }
        return null;
    }

    private static string Dx(int position) => $"diagnosis {position}";

    private static string Line(int number) => $"line {number}";

    private static string Display(string code) => code.Length > 3 ? $"{code[..3]}.{code[3..]}" : code;
}

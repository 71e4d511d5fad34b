using Claims.Domain;
using Claims.Remittance;

namespace Claims.Operations.Kpis;

/// <summary>
/// The KPI formulas (DOMAIN.md, "Denials, appeals, operations"), computed from claim facts for one month. Every count,
/// sum and date is taken before the month's as-of instant (its end, or now while it runs). Days are whole UTC days.
/// </summary>
internal static class KpiCalculator
{
    private static readonly IReadOnlySet<ClaimTrigger> Answers = new HashSet<ClaimTrigger> { ClaimTrigger.Accept, ClaimTrigger.Reject, ClaimTrigger.Pay, ClaimTrigger.PayPartially, ClaimTrigger.Deny };
    private static readonly IReadOnlySet<ClaimTrigger> Adjudications = new HashSet<ClaimTrigger> { ClaimTrigger.Pay, ClaimTrigger.PayPartially, ClaimTrigger.Deny };

    public const string CleanFormula = "claims first submitted in the month with no failed verification before that submission / claims first submitted in the month × 100";
    public const string FirstPassFormula = "claims first submitted in the month whose first answer (277CA or 835) was not a rejection / claims first submitted in the month that were answered × 100";
    public const string DenialFormula = "claims whose first adjudication (835) in the month was a denial / claims first adjudicated in the month × 100";
    public const string DenialDollarsFormula = "total charge of the claims denied at first adjudication in the month / total charge of the claims first adjudicated in the month × 100";
    public const string DaysInArFormula = "AR at the as-of date / (charges first submitted in the month / days in the month so far); AR = Σ open per claim: ledger C − P − K − W − PP once an 835 entered the charges, else the claim's total charge until its first adjudication";
    public const string ArOver90Formula = "open AR of claims more than 90 days past their date of service / AR at the as-of date × 100";
    public const string NetCollectionFormula = "(payer payments + patient payments) posted in the month / (charges posted in the month − contractual adjustments posted in the month) × 100";
    public const string ChargeLagFormula = "Σ days from date of service to intake, over claims received in the month / claims received in the month";
    public const string ClaimLagFormula = "Σ days from date of service to first submission, over claims first submitted in the month / claims first submitted in the month";
    public const string AccuracyFormula = "codes the QA reviewer agreed with / codes reviewed, over QA reviews completed in the month × 100";

    public static (IReadOnlyList<KpiValue> Kpis, IReadOnlyList<ArAgingRow> Aging) Compute(
        IReadOnlyList<ClaimFact> facts, ReportMonth month, DateTimeOffset asOf, IReadOnlyDictionary<Guid, string> payerNames, CodingAccuracy? qa)
    {
        var start = month.Start;
        var asOfDate = DateOnly.FromDateTime(asOf.UtcDateTime.AddTicks(-1));
        var daysSoFar = asOfDate.DayNumber - month.FirstDay.DayNumber + 1;
        var kpis = new List<KpiValue>();

        // Claims first submitted in the month: clean claim rate, first-pass acceptance, claim lag, days-in-AR charges.
        var submitted = facts.Select(f => (Fact: f, At: f.FirstAt(ClaimTrigger.Submit, asOf))).Where(x => x.At >= start).ToList();
        var clean = submitted.Where(x => x.Fact.FirstAt(ClaimTrigger.VerificationFailed, x.At!.Value) is null).ToList();
        kpis.Add(Rate(KpiKeys.CleanClaimRate, "Clean claim rate", clean.Count, submitted.Count, "clean claims", "claims first submitted", CleanFormula, "≥ 95%", Ids(clean), Ids(submitted)));

        var answered = submitted.Select(x => (x.Fact, x.At, Answer: x.Fact.FirstOf(Answers, x.At!.Value, asOf))).Where(x => x.Answer is not null).ToList();
        var firstPass = answered.Where(x => x.Answer!.Value.Trigger != ClaimTrigger.Reject).ToList();
        kpis.Add(Rate(KpiKeys.FirstPassAcceptance, "First-pass acceptance", firstPass.Count, answered.Count, "accepted on first pass", "claims answered", FirstPassFormula, "≥ 95%",
            [.. firstPass.Select(x => x.Fact.Id)], [.. answered.Select(x => x.Fact.Id)]));

        // Claims first adjudicated in the month: initial denial rate, by count and by dollars.
        var adjudicated = facts.Select(f => (Fact: f, First: f.FirstOf(Adjudications, DateTimeOffset.MinValue, asOf))).Where(x => x.First is { } a && a.At >= start).ToList();
        var denied = adjudicated.Where(x => x.First!.Value.Trigger == ClaimTrigger.Deny).ToList();
        kpis.Add(Rate(KpiKeys.DenialRate, "Initial denial rate (claims)", denied.Count, adjudicated.Count, "claims denied", "claims adjudicated", DenialFormula, "5-10% typical", Ids(denied), Ids(adjudicated)));
        kpis.Add(Rate(KpiKeys.DenialRateDollars, "Initial denial rate (dollars)", Dollars(denied.Sum(x => x.Fact.TotalChargeCents)), Dollars(adjudicated.Sum(x => x.Fact.TotalChargeCents)),
            "charges denied ($)", "charges adjudicated ($)", DenialDollarsFormula, "5-10% typical", Ids(denied), Ids(adjudicated)) with { InDollars = true });

        // Receivables at the as-of date.
        var open = facts.Select(f => (Fact: f, Open: OpenCents(f, asOf))).Where(x => x.Open != 0).ToList();
        var arCents = open.Sum(x => x.Open);
        var chargesCents = submitted.Sum(x => x.Fact.TotalChargeCents);
        var perDay = daysSoFar <= 0 ? 0m : Dollars(chargesCents) / daysSoFar;
        kpis.Add(new KpiValue(KpiKeys.DaysInAr, "Days in AR", KpiUnit.Days,
            chargesCents == 0 ? null : Round(Dollars(arCents) * daysSoFar / Dollars(chargesCents)),
            Dollars(arCents), Math.Round(perDay, 2, MidpointRounding.AwayFromZero), "AR ($)", $"average daily charges ($, {daysSoFar} days)", DaysInArFormula, "30-45 days",
            Ids(open), Ids(submitted)) { InDollars = true });
        var over90 = open.Where(x => asOfDate.DayNumber - x.Fact.ServiceFrom.DayNumber > 90).ToList();
        kpis.Add(Rate(KpiKeys.ArOver90, "AR over 90 days", Dollars(over90.Sum(x => x.Open)), Dollars(arCents), "AR over 90 days ($)", "AR ($)", ArOver90Formula, "< 15%", Ids(over90), Ids(open)) with { InDollars = true });

        // Ledger rows posted in the month: net collection rate.
        var end = asOf;
        var collections = facts.Select(f => (Fact: f, Paid: f.Sum(LedgerEntryKind.Payment, start, end) + f.Sum(LedgerEntryKind.PatientPayment, start, end))).Where(x => x.Fact.Ledger.Any(l => l.At >= start && l.At < end && l.Kind is LedgerEntryKind.Payment or LedgerEntryKind.PatientPayment)).ToList();
        var charged = facts.Select(f => (Fact: f, Net: f.Sum(LedgerEntryKind.Charge, start, end) - f.Sum(LedgerEntryKind.Contractual, start, end))).Where(x => x.Fact.Ledger.Any(l => l.At >= start && l.At < end && l.Kind is LedgerEntryKind.Charge or LedgerEntryKind.Contractual)).ToList();
        kpis.Add(Rate(KpiKeys.NetCollectionRate, "Net collection rate", Dollars(collections.Sum(x => x.Paid)), Dollars(charged.Sum(x => x.Net)), "payments ($)", "charges − contractual ($)", NetCollectionFormula, "≥ 95%", Ids(collections), Ids(charged)) with { InDollars = true });

        // Lags in days from the date of service.
        var received = facts.Where(f => f.CreatedAt >= start && f.CreatedAt < asOf).ToList();
        var chargeLagDays = received.Sum(f => (long)DaysFromService(f, f.CreatedAt));
        kpis.Add(Average(KpiKeys.ChargeLag, "Charge lag", chargeLagDays, received.Count, "days (Σ)", "claims received", ChargeLagFormula, "≤ 3 days", [.. received.Select(f => f.Id)]));
        var claimLagDays = submitted.Sum(x => (long)DaysFromService(x.Fact, x.At!.Value));
        kpis.Add(Average(KpiKeys.ClaimLag, "Claim lag", claimLagDays, submitted.Count, "days (Σ)", "claims first submitted", ClaimLagFormula, "≤ 5 days", Ids(submitted)));

        kpis.Add(qa is null
            ? new KpiValue(KpiKeys.CodingAccuracy, "Coding accuracy (QA)", KpiUnit.Percent, null, 0, 0, "codes agreed", "codes reviewed", AccuracyFormula, "≥ 95%", [], []) { Note = "no QA data" }
            : Rate(KpiKeys.CodingAccuracy, "Coding accuracy (QA)", qa.CodesAgreed, qa.CodesReviewed, "codes agreed", "codes reviewed", AccuracyFormula, "≥ 95%", qa.AgreedClaims, qa.ReviewedClaims));

        return (kpis, Aging(open, asOfDate, payerNames));
    }

    /// <summary>
    /// What is still owed on a claim at <paramref name="asOf"/>: nothing before its first submission or after a void; the
    /// ledger's C − P − K − W − PP once an 835 entered its charges; until then its total charge, unless it was already
    /// adjudicated without ledger rows (demo claims moved by hand), when nothing is known to be owed.
    /// </summary>
    public static long OpenCents(ClaimFact fact, DateTimeOffset asOf)
    {
        if (fact.FirstAt(ClaimTrigger.Submit, asOf) is null || fact.FirstAt(ClaimTrigger.Void, asOf) is not null) return 0;
        var rows = fact.Ledger.Where(l => l.At < asOf).ToList();
        long Sum(LedgerEntryKind kind) => rows.Where(l => l.Kind == kind).Sum(l => l.Cents);
        var charge = rows.Any(l => l.Kind == LedgerEntryKind.Charge) ? Sum(LedgerEntryKind.Charge)
            : fact.FirstOf(Adjudications, DateTimeOffset.MinValue, asOf) is null ? fact.TotalChargeCents : 0;
        return charge - Sum(LedgerEntryKind.Payment) - Sum(LedgerEntryKind.Contractual) - Sum(LedgerEntryKind.WriteOff) - Sum(LedgerEntryKind.PatientPayment);
    }

    private static IReadOnlyList<ArAgingRow> Aging(List<(ClaimFact Fact, long Open)> open, DateOnly asOfDate, IReadOnlyDictionary<Guid, string> payerNames) =>
        [.. open.GroupBy(x => x.Fact.PayerId)
            .Select(g =>
            {
                var cents = new long[ArAgingRow.Buckets.Count];
                var claims = ArAgingRow.Buckets.Select(_ => new List<Guid>()).ToArray();
                foreach (var (fact, amount) in g)
                {
                    var bucket = ArAgingRow.BucketOf(asOfDate.DayNumber - fact.ServiceFrom.DayNumber);
                    cents[bucket] += amount;
                    claims[bucket].Add(fact.Id);
                }
                var name = g.Key is { } id ? payerNames.GetValueOrDefault(id, "unknown payer") : "Self-pay";
                return new ArAgingRow(g.Key, name, cents, [.. claims.Select(c => (IReadOnlyList<Guid>)c)]);
            })
            .OrderBy(r => r.Payer, StringComparer.Ordinal)];

    private static int DaysFromService(ClaimFact fact, DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).DayNumber - fact.ServiceFrom.DayNumber;

    private static KpiValue Rate(string key, string name, decimal numerator, decimal denominator, string numeratorLabel, string denominatorLabel, string formula, string target, IReadOnlyList<Guid> numeratorClaims, IReadOnlyList<Guid> denominatorClaims) =>
        new(key, name, KpiUnit.Percent, denominator == 0 ? null : Round(numerator * 100m / denominator), numerator, denominator, numeratorLabel, denominatorLabel, formula, target, numeratorClaims, denominatorClaims);

    private static KpiValue Average(string key, string name, long numerator, int denominator, string numeratorLabel, string denominatorLabel, string formula, string target, IReadOnlyList<Guid> claims) =>
        new(key, name, KpiUnit.Days, denominator == 0 ? null : Round((decimal)numerator / denominator), numerator, denominator, numeratorLabel, denominatorLabel, formula, target, claims, claims);

    /// <summary>Values keep two decimals (half away from zero); pages show one.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static decimal Dollars(long cents) => cents / 100m;

    private static Guid[] Ids<T>(IEnumerable<(ClaimFact Fact, T)> items) => [.. items.Select(x => x.Fact.Id)];
}

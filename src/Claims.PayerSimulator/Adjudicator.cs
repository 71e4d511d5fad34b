using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Claims.PayerSimulator;

/// <summary>A 277CA verdict on one claim: accepted (A2, with the payer's claim number) or rejected (A7 with a status code).</summary>
public sealed record FrontEndVerdict(bool Accepted, string StatusCode, string? Entity, string PayerClaimNumber);

/// <summary>One adjustment (CAS): group, CARC, amount in cents.</summary>
public sealed record Cas(string Group, string Reason, long AmountCents);

/// <summary>One adjudicated line: charge, allowed, paid, its adjustments and remark codes (LQ*HE).</summary>
public sealed record AdjudicatedLine(Line837 Line, long AllowedCents, long PaidCents, IReadOnlyList<Cas> Adjustments, IReadOnlyList<string> Remarks);

/// <summary>One adjudicated claim: CLP02 status, payer claim number, lines; amounts are the lines' sums.</summary>
public sealed record AdjudicatedClaim(Claim837 Claim, string Status, string PayerClaimNumber, IReadOnlyList<AdjudicatedLine> Lines)
{
    public long ChargeCents => Lines.Sum(l => l.Line.ChargeCents);

    public long PaidCents => Lines.Sum(l => l.PaidCents);

    public long PatientCents => Lines.SelectMany(l => l.Adjustments).Where(a => a.Group == "PR").Sum(a => a.AmountCents);

    /// <summary>The reversal of this payment (CLP02 22): every amount negated, the same groups and reasons.</summary>
    public AdjudicatedClaim Reversed() => this with
    {
        Status = "22",
        Lines = [.. Lines.Select(l => l with
        {
            Line = l.Line with { ChargeCents = -l.Line.ChargeCents },
            AllowedCents = -l.AllowedCents,
            PaidCents = -l.PaidCents,
            Adjustments = [.. l.Adjustments.Select(a => a with { AmountCents = -a.AmountCents })],
        })],
    };
}

/// <summary>
/// The payers' decisions, deterministic by seed and claim control number: the 277CA verdict (member id pattern,
/// REF*F8 on replacements and voids) and the 835 adjudication (fee schedule with CO-45, patient responsibility
/// PR-1/2/3, denials CO-50/97/16+MA130/29/197/18 by the configured mix). Every line balances: charge - CAS = paid.
/// </summary>
public sealed class Adjudicator(SimulatorOptions options)
{
    public static readonly IReadOnlySet<string> KnownDenials = new HashSet<string>(StringComparer.Ordinal) { "50", "97", "16", "29", "197", "18" };

    // What the simulated payers allow per code, in cents (a Medicare-like fraction of the demo clinics' charges).
    private static readonly Dictionary<string, long> FeeSchedule = new(StringComparer.Ordinal)
    {
        ["99202"] = 7_300, ["99203"] = 11_200, ["99204"] = 16_800, ["99212"] = 5_700, ["99213"] = 9_200, ["99214"] = 13_100, ["99215"] = 18_400,
        ["71046"] = 3_900, ["83036"] = 1_300, ["36415"] = 300, ["80053"] = 1_100, ["93000"] = 1_700, ["87880"] = 1_600, ["90471"] = 2_500,
        ["90686"] = 2_100, ["81003"] = 300, ["87086"] = 1_100, ["94640"] = 1_800, ["96372"] = 1_500, ["J1885"] = 200, ["20610"] = 6_600,
        ["10060"] = 12_300, ["73610"] = 3_300, ["85025"] = 800,
    };

    private readonly Regex _memberId = new(options.MemberIdPattern, RegexOptions.CultureInvariant);

    public FrontEndVerdict Screen(Claim837 claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var number = PayerClaimNumber(claim.ControlNumber, claim.Frequency);
        // 277CA status codes: 164 entity's contract/member number (IL: the subscriber), 21 missing or invalid information.
        if (!_memberId.IsMatch(claim.MemberId)) return new FrontEndVerdict(false, "164", "IL", number);
        if (claim.Frequency is "7" or "8" && string.IsNullOrEmpty(claim.PayerClaimNumber)) return new FrontEndVerdict(false, "21", null, number);
        return new FrontEndVerdict(true, "20", "PR", number);
    }

    /// <summary>The 835 claim payments for an accepted claim: one, or for a replacement the reversal of the original first.</summary>
    public IReadOnlyList<AdjudicatedClaim> Adjudicate(Claim837 claim, FrontEndVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(verdict);
        if (claim.Frequency is "7" or "8")
        {
            // The simulator keeps no history: the original is taken to be these lines as first paid, under REF*F8.
            var original = Price(claim, claim.PayerClaimNumber!, Rng(claim.ControlNumber, "original"), deny: false);
            var reversal = original.Reversed();
            return claim.Frequency == "8" ? [reversal] : [reversal, Decide(claim, verdict.PayerClaimNumber)];
        }
        return [Decide(claim, verdict.PayerClaimNumber)];
    }

    /// <summary>Whether this 835 carries an interest payment, and how much (cents), deterministic by its control number.</summary>
    public long Interest(string transactionKey)
    {
        var rng = Rng(transactionKey, "interest");
        return rng.NextDouble() < options.InterestRate ? rng.Next(25, 900) : 0;
    }

    private AdjudicatedClaim Decide(Claim837 claim, string payerClaimNumber)
    {
        var rng = Rng(claim.ControlNumber, "adjudicate" + claim.Frequency);
        return Price(claim, payerClaimNumber, rng, deny: rng.NextDouble() < options.DenialRate);
    }

    private AdjudicatedClaim Price(Claim837 claim, string payerClaimNumber, Random rng, bool deny)
    {
        if (deny)
        {
            var reason = Pick(rng);
            // CO-97 (bundling) denies one line when there are several: the others are paid.
            if (reason == "97" && claim.Lines.Count > 1)
            {
                var bundled = rng.Next(1, claim.Lines.Count);
                return new AdjudicatedClaim(claim, "1", payerClaimNumber, [.. claim.Lines.Select((l, i) => i == bundled ? Denied(l, reason) : Paid(l, null))]);
            }
            return new AdjudicatedClaim(claim, "1", payerClaimNumber, [.. claim.Lines.Select(l => Denied(l, reason))]);
        }
        var share = rng.NextDouble() < options.PatientShareRate ? rng.Next(1, 4) : 0;
        return new AdjudicatedClaim(claim, "1", payerClaimNumber, [.. claim.Lines.Select((l, i) => Paid(l, share == 0 ? null : (share, i == 0)))]);
    }

    private static AdjudicatedLine Denied(Line837 line, string reason) =>
        new(line, 0, 0, [new Cas("CO", reason, line.ChargeCents)], reason == "16" ? ["MA130"] : []);

    private static AdjudicatedLine Paid(Line837 line, (int Kind, bool First)? patient)
    {
        var allowed = Allowed(line);
        var adjustments = new List<Cas>();
        if (line.ChargeCents > allowed) adjustments.Add(new Cas("CO", "45", line.ChargeCents - allowed));
        var patientPart = patient switch
        {
            (1, true) => Math.Min(allowed, 5_000), // PR-1 deductible on the first line
            (2, _) => allowed / 5, // PR-2 coinsurance 20 %
            (3, true) => Math.Min(allowed, 2_000), // PR-3 copay on the first line
            _ => 0L,
        };
        if (patientPart > 0) adjustments.Add(new Cas("PR", patient!.Value.Kind.ToString(System.Globalization.CultureInfo.InvariantCulture), patientPart));
        return new AdjudicatedLine(line, allowed, allowed - patientPart, adjustments, []);
    }

    private static long Allowed(Line837 line)
    {
        var units = Math.Max(1, (long)Math.Round(line.Units));
        var fee = FeeSchedule.TryGetValue(line.Procedure, out var cents) ? cents * units : line.ChargeCents * 60 / 100;
        return Math.Min(fee, line.ChargeCents);
    }

    private string Pick(Random rng)
    {
        var total = options.DenialMix.Sum(d => d.Weight);
        var roll = rng.Next(total);
        foreach (var (reason, weight) in options.DenialMix)
        {
            if (roll < weight) return reason;
            roll -= weight;
        }
        return options.DenialMix[^1].Reason;
    }

    private string PayerClaimNumber(string controlNumber, string frequency)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.Seed}|{controlNumber}|{frequency}|pcn"));
        return "PCN" + (BinaryPrimitives.ReadUInt64BigEndian(hash) % 1_000_000_000_000UL).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
    }

    private Random Rng(string key, string purpose)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.Seed}|{key}|{purpose}"));
        return new Random(BinaryPrimitives.ReadInt32BigEndian(hash));
    }
}

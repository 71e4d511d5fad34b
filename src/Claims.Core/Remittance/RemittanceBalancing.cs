namespace Claims.Remittance;

/// <summary>Where a balancing finding sits.</summary>
public enum BalanceLevel
{
    Line,
    Claim,
    Transaction,
}

/// <summary>
/// An 835 that does not balance: which level, which claim (CLP01) and line (1-based within the claim), the
/// amount the rule expects and the one found, in cents. A value to report, not an exception: the payer's
/// arithmetic is wrong, the file is still readable.
/// </summary>
public sealed record BalanceFinding(
    BalanceLevel Level,
    string? ClaimControlNumber,
    int? LineNumber,
    long? ExpectedCents,
    long? ActualCents,
    int SegmentNumber,
    string Message);

/// <summary>The three 835 balancing rules of 005010X221A1 (section 1.10.2).</summary>
public static class RemittanceBalancing
{
    /// <summary>
    /// Per line SVC02 - sum(line CAS) = SVC03; per claim CLP03 - CLP04 = sum(claim CAS) + sum(line CAS) (an
    /// adjustment is reported at one level only; checked when the claim has lines or claim CAS); per transaction
    /// sum(CLP04) - sum(PLB amounts) = BPR02 (a positive PLB reduces the payment).
    /// </summary>
    public static IReadOnlyList<BalanceFinding> Check(RemittanceAdvice remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        var findings = new List<BalanceFinding>();
        foreach (var claim in remittance.Claims) CheckClaim(claim, findings);
        var paid = remittance.Claims.Sum(c => c.PaidCents);
        var providerAdjustments = remittance.ProviderAdjustments.SelectMany(p => p.Items).Sum(i => i.AmountCents);
        var expected = paid - providerAdjustments;
        if (expected != remittance.Payment.AmountCents)
            findings.Add(new BalanceFinding(BalanceLevel.Transaction, null, null, expected, remittance.Payment.AmountCents,
                remittance.Payment.SegmentNumber,
                $"sum(CLP04) {Money(paid)} - sum(PLB) {Money(providerAdjustments)} = {Money(expected)}, but BPR02 is {Money(remittance.Payment.AmountCents)}"));
        return findings;
    }

    private static void CheckClaim(ClaimPayment claim, List<BalanceFinding> findings)
    {
        var lineAdjustments = 0L;
        for (var i = 0; i < claim.Lines.Count; i++)
        {
            var line = claim.Lines[i];
            var adjusted = line.Adjustments.Sum(a => a.AmountCents);
            lineAdjustments += adjusted;
            if (line.ChargeCents is not { } charge || line.PaidCents is not { } paid)
            {
                findings.Add(new BalanceFinding(BalanceLevel.Line, claim.ClaimControlNumber, i + 1, null, null, line.SegmentNumber,
                    "the line has no charge (SVC02) or no payment (SVC03), so it cannot be balanced"));
                continue;
            }
            if (charge - adjusted != paid)
                findings.Add(new BalanceFinding(BalanceLevel.Line, claim.ClaimControlNumber, i + 1, charge - adjusted, paid, line.SegmentNumber,
                    $"SVC02 {Money(charge)} - line CAS {Money(adjusted)} = {Money(charge - adjusted)}, but SVC03 is {Money(paid)}"));
        }
        if (claim.Lines.Count == 0 && claim.Adjustments.Count == 0) return;
        var claimAdjustments = claim.Adjustments.Sum(a => a.AmountCents);
        var difference = claim.ChargeCents - claim.PaidCents;
        if (difference != claimAdjustments + lineAdjustments)
            findings.Add(new BalanceFinding(BalanceLevel.Claim, claim.ClaimControlNumber, null, difference, claimAdjustments + lineAdjustments,
                claim.SegmentNumber,
                $"CLP03 {Money(claim.ChargeCents)} - CLP04 {Money(claim.PaidCents)} = {Money(difference)}, but claim CAS {Money(claimAdjustments)} + line CAS {Money(lineAdjustments)} = {Money(claimAdjustments + lineAdjustments)}"));
    }

    private static string Money(long cents) => X12.X12Values.FormatCents(cents);
}

using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>A coded adjustment on an explanation of benefits, with the words for its group and CARC.</summary>
public sealed record EobAdjustmentView(string Group, string GroupText, string Reason, string ReasonText, long AmountCents, decimal? Quantity);

/// <summary>A remark code (RARC) with its words.</summary>
public sealed record EobRemarkView(string Code, string Text);

/// <summary>One line as the payer adjudicated it, with our line number.</summary>
public sealed record EobLineView(
    int? LineNumber,
    string Code,
    IReadOnlyList<string> Modifiers,
    decimal? Units,
    long? ChargeCents,
    long? AllowedCents,
    long? PaidCents,
    IReadOnlyList<EobAdjustmentView> Adjustments,
    IReadOnlyList<EobRemarkView> Remarks);

/// <summary>One posted CLP: when, what status, money, claim-level adjustments and remarks, and the lines.</summary>
public sealed record EobPaymentView(
    DateTimeOffset PostedAt,
    string StatusCode,
    string StatusText,
    bool IsReversal,
    long ChargeCents,
    long PaidCents,
    long? PatientResponsibilityCents,
    string? PayerClaimNumber,
    IReadOnlyList<EobAdjustmentView> Adjustments,
    IReadOnlyList<EobRemarkView> Remarks,
    IReadOnlyList<EobLineView> Lines);

/// <summary>A claim's explanation of benefits: every payment posted to it, oldest first, and its balances from the ledger.</summary>
public sealed record ExplanationOfBenefitsView(Guid ClaimId, IReadOnlyList<EobPaymentView> Payments, ClaimBalance Balance);

/// <summary>
/// What the payer said about a claim, line by line, in words: the postings' stored CLP/SVC values with CARC and RARC
/// descriptions (<see cref="RemarkCodes"/>), and the claim's balances summed from the ledger. A read of money and codes
/// only; the caller audits the claim view it is part of.
/// </summary>
public static class ExplanationOfBenefits
{
    public static async Task<ExplanationOfBenefitsView> ForClaimAsync(ClaimsDbContext db, Guid claimId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => p.ClaimId == claimId)
            .OrderBy(p => p.PostedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var payments = postings.Select(p => View(p, EobClaim.FromJson(p.Detail))).ToList();
        return new ExplanationOfBenefitsView(claimId, payments, await ClaimBalance.ForClaimAsync(db, claimId, cancellationToken));
    }

    private static EobPaymentView View(ClaimPaymentPosting posting, EobClaim eob) => new(
        posting.PostedAt, eob.StatusCode, ClaimStatusCodes.Describe(eob.StatusCode), posting.ReversesId is not null, eob.ChargeCents, eob.PaidCents,
        eob.PatientResponsibilityCents, eob.PayerClaimNumber, [.. eob.Adjustments.Select(View)], [.. eob.Remarks.Select(Remark)],
        [.. eob.Lines.Select(l => new EobLineView(l.LineNumber, l.Code, l.Modifiers, l.Units, l.ChargeCents, l.AllowedCents, l.PaidCents,
            [.. l.Adjustments.Select(View)], [.. l.Remarks.Select(Remark)]))]);

    private static EobAdjustmentView View(EobAdjustment a) =>
        new(a.Group, RemarkCodes.Group(a.Group) ?? a.Group, a.Reason, RemarkCodes.Carc(a.Reason) ?? "(code not in the CARC table)", a.AmountCents, a.Quantity);

    private static EobRemarkView Remark(string code) => new(code, RemarkCodes.Rarc(code) ?? "(see the X12 RARC list)");
}

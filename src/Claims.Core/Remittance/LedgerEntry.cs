using Claims.Persistence;

namespace Claims.Remittance;

/// <summary>
/// What a ledger row records. Amounts are stored as the payer states them (a payment, an adjustment, a patient
/// responsibility are positive) and a reversal is a row of the same kind with the amount negated, so every balance is
/// a plain sum per kind (see <see cref="ClaimBalance"/>).
/// </summary>
public enum LedgerEntryKind
{
    /// <summary>What we billed for a line (one per claim line, entered when the claim is first posted or submitted).</summary>
    Charge,

    /// <summary>What the payer paid (SVC03 per line; the rest of CLP04 at claim level).</summary>
    Payment,

    /// <summary>A contractual write-down the provider may not bill anyone for (CO-45 and its kin): it closes that much of the charge.</summary>
    Contractual,

    /// <summary>A PR adjustment (deductible, coinsurance, copay ...): moved from the payer's side to the patient's, still owed.</summary>
    PatientResponsibility,

    /// <summary>
    /// Any other CO/OA/PI adjustment (a denial, bundling, non-covered ...). Recorded with its group and CARC but it does
    /// NOT reduce the balance: only a biller's write-off, an appeal or a correction closes a denied amount.
    /// </summary>
    Denied,

    /// <summary>A provider-level adjustment (PLB) against the payee: no claim, its reason (WO, L6, FB, 72 ...) and reference.</summary>
    ProviderAdjustment,

    /// <summary>
    /// A biller's write-off of an open payer-side amount (a denial not worth appealing, CO-29 past the filing limit, a
    /// small balance), with its group and CARC in <see cref="LedgerEntry.Group"/>/<see cref="LedgerEntry.Reason"/>:
    /// it closes that much of the balance. Never entered by posting.
    /// </summary>
    WriteOff,

    /// <summary>
    /// An open amount the biller moves to the patient (a self-pay claim's charges, or a denial the patient owes, e.g.
    /// non-covered with a signed ABN): it raises the patient balance by that much and lowers the payer balance.
    /// </summary>
    PatientTransfer,

    /// <summary>A payment the patient made (at the desk, by mail, online): it lowers the patient balance and the balance.</summary>
    PatientPayment,
}

/// <summary>
/// One immutable row of the receivables ledger, in cents. Rows are only ever added: a correction is a new row (a
/// reversal negates the rows it undoes and names the posting it reverses); the database context refuses updates and
/// deletes as it does for the audit trail. Balances are sums over these rows, never stored totals.
/// </summary>
public sealed class LedgerEntry : IAppendOnly
{
    private LedgerEntry() { } // EF Core

    private LedgerEntry(Guid? claimId, int? lineNumber, LedgerEntryKind kind, long amountCents, Guid? documentId, Guid? claimPaymentId, DateTimeOffset postedAt)
    {
        ClaimId = claimId;
        LineNumber = lineNumber;
        Kind = kind;
        AmountCents = amountCents;
        DocumentId = documentId;
        ClaimPaymentId = claimPaymentId;
        PostedAt = postedAt;
    }

    public long Id { get; private set; }

    /// <summary>The claim; null for a provider-level (PLB) row.</summary>
    public Guid? ClaimId { get; private set; }

    /// <summary>Our line number (1-based); null for a claim-level row.</summary>
    public int? LineNumber { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    /// <summary>CAS01 group (CO, PR, OA, PI) of an adjustment row.</summary>
    public string? Group { get; private set; }

    /// <summary>The CARC of an adjustment row, or the PLB reason code of a provider-level row.</summary>
    public string? Reason { get; private set; }

    /// <summary>CAS quantity (units adjusted), when the payer gave one.</summary>
    public decimal? Quantity { get; private set; }

    /// <summary>The PLB reference (PLB03-2) or the payee id (PLB01) of a provider-level row.</summary>
    public string? Reference { get; private set; }

    public long AmountCents { get; private set; }

    /// <summary>The posted document (835) this row came from; null for a charge.</summary>
    public Guid? DocumentId { get; private set; }

    /// <summary>The posted claim payment (one CLP) this row belongs to; null for charges and PLB rows.</summary>
    public Guid? ClaimPaymentId { get; private set; }

    /// <summary>The payer whose remittance this is (PLB rows; claim rows reach it through the claim).</summary>
    public Guid? PayerId { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    internal static LedgerEntry Charge(Guid claimId, int lineNumber, long cents, DateTimeOffset at) =>
        new(claimId, lineNumber, LedgerEntryKind.Charge, cents, null, null, at);

    internal static LedgerEntry Payment(Guid claimId, int? lineNumber, long cents, Guid documentId, Guid claimPaymentId, DateTimeOffset at) =>
        new(claimId, lineNumber, LedgerEntryKind.Payment, cents, documentId, claimPaymentId, at);

    internal static LedgerEntry Adjustment(Guid claimId, int? lineNumber, Adjustment cas, Guid documentId, Guid claimPaymentId, DateTimeOffset at) =>
        new(claimId, lineNumber, Classify(cas), cas.AmountCents, documentId, claimPaymentId, at)
        {
            Group = cas.Group,
            Reason = cas.Reason,
            Quantity = cas.Quantity,
        };

    internal static LedgerEntry ProviderLevel(Guid? payerId, string payeeId, ProviderAdjustmentItem item, Guid documentId, DateTimeOffset at) =>
        new(null, null, LedgerEntryKind.ProviderAdjustment, item.AmountCents, documentId, null, at)
        {
            Reason = item.Reason,
            Reference = Truncate(item.Reference ?? payeeId, 50),
            PayerId = payerId,
        };

    /// <summary>A biller's write-off of an open amount, with the CAS-style group and CARC it is booked under (e.g. CO-29).</summary>
    internal static LedgerEntry WriteOff(Guid claimId, int? lineNumber, long cents, string group, string reason, DateTimeOffset at) =>
        new(claimId, lineNumber, LedgerEntryKind.WriteOff, cents, null, null, at) { Group = group, Reason = reason };

    /// <summary>An open amount moved to the patient; <paramref name="reason"/> (at most 5 characters: "SELF", a CARC) says why.</summary>
    internal static LedgerEntry PatientTransfer(Guid claimId, int? lineNumber, long cents, string reason, DateTimeOffset at) =>
        new(claimId, lineNumber, LedgerEntryKind.PatientTransfer, cents, null, null, at) { Group = "PR", Reason = Truncate(reason, 5) };

    /// <summary>A patient's payment applied to a claim; <paramref name="reference"/> is the receipt or check number.</summary>
    internal static LedgerEntry PatientPayment(Guid claimId, long cents, string? reference, DateTimeOffset at) =>
        new(claimId, null, LedgerEntryKind.PatientPayment, cents, null, null, at) { Reference = Truncate(reference, 50) };

    /// <summary>The same row negated, for a reversal (CLP02 = 22) posted as <paramref name="claimPaymentId"/>.</summary>
    internal LedgerEntry Negated(Guid documentId, Guid claimPaymentId, DateTimeOffset at) =>
        new(ClaimId, LineNumber, Kind, -AmountCents, documentId, claimPaymentId, at)
        {
            Group = Group,
            Reason = Reason,
            Quantity = Quantity is { } q ? -q : null,
            Reference = Reference,
            PayerId = PayerId,
        };

    /// <summary>
    /// PR is the patient's; CO with a contractual CARC (45 fee schedule, 253 sequestration) is written down; everything
    /// else the payer refused stays open as <see cref="LedgerEntryKind.Denied"/>.
    /// </summary>
    public static LedgerEntryKind Classify(Adjustment cas)
    {
        ArgumentNullException.ThrowIfNull(cas);
        if (cas.Group == "PR") return LedgerEntryKind.PatientResponsibility;
        if (cas.Group == "CO" && ContractualReasons.Contains(cas.Reason)) return LedgerEntryKind.Contractual;
        return LedgerEntryKind.Denied;
    }

    /// <summary>CARCs that are contractual write-downs when reported under CO (DOMAIN.md: "CO-45 is contractual: write off").</summary>
    public static IReadOnlySet<string> ContractualReasons { get; } = new HashSet<string>(StringComparer.Ordinal) { "45", "253" };

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

using Claims.Remittance;

namespace Claims.Core.Tests.Remittance;

/// <summary>The balance formulas of Remittance/README.md, with the kinds billers and patients enter (transfer, payment, write-off).</summary>
public sealed class ClaimBalanceTests
{
    [Fact]
    public void A_transfer_to_the_patient_moves_the_open_amount_from_the_payer_side_and_a_patient_payment_lowers_only_the_patient_side()
    {
        // Charged 225.00, the payer paid 100.00 with 25.00 contractual and 20.00 coinsurance; 80.00 denied then moved to the patient; the patient paid 50.00.
        var balance = ClaimBalance.From(
        [
            (LedgerEntryKind.Charge, 22500), (LedgerEntryKind.Payment, 10000), (LedgerEntryKind.Contractual, 2500),
            (LedgerEntryKind.PatientResponsibility, 2000), (LedgerEntryKind.Denied, 8000), (LedgerEntryKind.PatientTransfer, 8000),
            (LedgerEntryKind.PatientPayment, 5000),
        ]);

        Assert.Equal(22500 - 10000 - 2500 - 5000, balance.BalanceCents);
        Assert.Equal(2000 + 8000 - 5000, balance.PatientBalanceCents);
        Assert.Equal(22500 - 10000 - 2500 - 2000 - 8000, balance.PayerBalanceCents);
        Assert.Equal(balance.BalanceCents, balance.PatientBalanceCents + balance.PayerBalanceCents);
    }

    [Fact]
    public void A_self_pay_claim_transferred_whole_owes_the_payer_nothing()
    {
        var balance = ClaimBalance.From([(LedgerEntryKind.Charge, 13000), (LedgerEntryKind.Charge, 9500), (LedgerEntryKind.PatientTransfer, 13000), (LedgerEntryKind.PatientTransfer, 9500)]);
        Assert.Equal((22500L, 22500L, 0L), (balance.BalanceCents, balance.PatientBalanceCents, balance.PayerBalanceCents));
    }
}

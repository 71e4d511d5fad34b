namespace Claims.Operations.Invoices;

/// <summary>How the BPO charges a client (DOMAIN.md: "4-9% of collections, or a fee per claim").</summary>
public enum InvoiceFeeModel
{
    /// <summary>A share of what was collected (payer and patient payments posted in the month).</summary>
    Percentage,

    /// <summary>A fixed fee for each claim first submitted in the month.</summary>
    PerClaim,
}

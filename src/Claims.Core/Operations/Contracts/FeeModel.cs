namespace Claims.Operations.Contracts;

/// <summary>How the BPO bills a client: a share of what the client collected, or a fee for each claim submitted.</summary>
public enum FeeModel
{
    /// <summary>A percentage of posted collections (<see cref="ClientContract.FeePercentBasisPoints"/>).</summary>
    Percentage,

    /// <summary>A fixed fee per claim submitted (<see cref="ClientContract.FeePerClaimCents"/>).</summary>
    PerClaim,
}

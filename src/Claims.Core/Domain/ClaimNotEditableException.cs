namespace Claims.Domain;

/// <summary>The claim's codes and lines may only change while it is being coded.</summary>
public sealed class ClaimNotEditableException(Guid claimId, ClaimState state, string? why = null)
    : ClaimsDomainException(why ?? $"Claim {claimId} is {state}: its codes and lines can only change in Received or Coding.")
{
    public override string Code => "not-editable";
}

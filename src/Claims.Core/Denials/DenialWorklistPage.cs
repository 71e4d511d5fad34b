namespace Claims.Denials;

/// <summary>A page of the denial worklist, how many claims match in all, their money at stake, and the next page's cursor.</summary>
public sealed record DenialWorklistPage(IReadOnlyList<ClaimDenial> Rows, int Total, long TotalAmountCents, int DueSoon, string? NextCursor);

namespace Claims.Privacy;

/// <summary>A page of the clinic's claims: the rows, how many match in all, and the cursor of the next page (null: the last).</summary>
public sealed record ClinicClaimPage(IReadOnlyList<ClinicClaimRow> Rows, int Total, string? NextCursor);

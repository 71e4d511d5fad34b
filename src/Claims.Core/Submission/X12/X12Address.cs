namespace Claims.Submission;

/// <summary>A postal address (N3/N4). <see cref="PostalCode"/> is digits only: five or nine (nine for 2010AA).</summary>
public sealed record X12Address(string Line1, string? Line2, string City, string State, string PostalCode);

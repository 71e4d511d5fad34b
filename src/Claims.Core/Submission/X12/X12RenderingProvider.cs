namespace Claims.Submission;

/// <summary>Loop 2310B: the rendering provider, a person, when it differs from the billing provider.</summary>
public sealed record X12RenderingProvider(string Npi, string LastName, string FirstName, string? Taxonomy = null);

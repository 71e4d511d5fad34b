namespace Claims.Coding;

/// <summary>A HCPCS Level II code or modifier with its CMS descriptions.</summary>
public sealed record HcpcsEntry(string Code, string ShortDescription, string LongDescription);

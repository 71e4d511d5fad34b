using Claims.Domain;

namespace Claims.Intake;

/// <summary>A rendering practitioner with a valid NPI (a professional's name is not patient PHI).</summary>
public sealed record MappedProvider(Npi Npi, string Name);

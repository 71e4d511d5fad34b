
namespace Claims.Intake;

/// <summary>A payer named by a bundle: its electronic id when the bundle gives one, else one derived from its name.</summary>
public sealed record MappedPayer(string PayerId, string Name);

namespace Claims.Domain;

/// <summary>A clinic just added, with what the person adding it should know (placeholders to replace).</summary>
public sealed record AddedClinic(Clinic Clinic, IReadOnlyList<string> Warnings);

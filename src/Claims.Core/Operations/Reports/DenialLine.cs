namespace Claims.Operations.Reports;

/// <summary>Denied adjustments posted in the month under one group and CARC: its category, claims and amount.</summary>
public sealed record DenialLine(string Category, string Group, string Carc, string Description, int Claims, long AmountCents);

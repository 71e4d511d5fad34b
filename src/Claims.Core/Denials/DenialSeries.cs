namespace Claims.Denials;

/// <summary>One line of a chart: its name and a value per month of the report.</summary>
public sealed record DenialSeries(string Name, IReadOnlyList<double> Values);

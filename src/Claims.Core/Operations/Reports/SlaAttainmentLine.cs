namespace Claims.Operations.Reports;

/// <summary>One service level in a month: what it promises, how many claims were measured and how many met it.</summary>
public sealed record SlaAttainmentLine(string Measure, string Target, int Met, int Measured);

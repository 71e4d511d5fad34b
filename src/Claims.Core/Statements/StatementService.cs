namespace Claims.Statements;

/// <summary>One service line on a statement: its date, code, words and charge.</summary>
public sealed record StatementService(DateOnly Date, string Code, string Description, long ChargeCents);

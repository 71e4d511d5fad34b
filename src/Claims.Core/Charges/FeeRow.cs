using Claims.Domain;

namespace Claims.Charges;

/// <summary>A fee schedule row as people read it: code, charge for one unit, first date it applies.</summary>
public sealed record FeeRow(ProcedureCode Code, Money Charge, DateOnly EffectiveFrom);

using Claims.Domain;

namespace Claims.Operations.Kpis;

/// <summary>A claim behind a KPI figure: ids, clinic, payer, state and money; no patient data.</summary>
public sealed record KpiClaimRow(Guid Id, string ControlNumber, string Clinic, string Payer, DateOnly ServiceFrom, ClaimState State, long TotalChargeCents);

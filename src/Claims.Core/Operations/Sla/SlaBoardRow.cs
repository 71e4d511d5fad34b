using Claims.Domain;

namespace Claims.Operations.Sla;

/// <summary>A claim on the SLA board: at risk or breached (running), or breached lately (stopped late), with the clock's cause.</summary>
public sealed record SlaBoardRow(Guid ClaimId, string ControlNumber, Guid ClinicId, string Clinic, string Patient, ClaimState State, SlaClock Clock);

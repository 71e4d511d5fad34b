namespace Claims.Operations.Sla;

/// <summary>
/// One client's SLA standing: running clocks by status, and of the clocks that stopped in the window, how many met
/// their target (<see cref="Attainment"/> = met / stopped, null when none stopped).
/// </summary>
public sealed record SlaClientSummary(Guid ClinicId, string Clinic, int OnTime, int AtRisk, int Breached, int StoppedMet, int StoppedLate)
{
    public double? Attainment => StoppedMet + StoppedLate == 0 ? null : (double)StoppedMet / (StoppedMet + StoppedLate);
}

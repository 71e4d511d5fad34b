namespace Claims.Operations.Kpis;

/// <summary>
/// Where the coding-accuracy KPI reads QA results from. QA review lives in Operations/Qa (another part of the
/// operations work); until it is connected, <see cref="NoCodingAccuracySource"/> answers "no QA data".
/// </summary>
public interface ICodingAccuracySource
{
    /// <summary>The QA results of reviews completed in [<paramref name="periodStart"/>, <paramref name="periodEnd"/>) for a clinic or all; null when there are none.</summary>
    Task<CodingAccuracy?> ForPeriodAsync(Guid? clinicId, DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken = default);
}

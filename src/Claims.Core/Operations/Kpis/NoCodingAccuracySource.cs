namespace Claims.Operations.Kpis;

/// <summary>The placeholder QA source: no reviews, so coding accuracy shows "no QA data". Replace with the QA reviews' reader.</summary>
public sealed class NoCodingAccuracySource : ICodingAccuracySource
{
    public static NoCodingAccuracySource Instance { get; } = new();

    public Task<CodingAccuracy?> ForPeriodAsync(Guid? clinicId, DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken = default) =>
        Task.FromResult<CodingAccuracy?>(null);
}

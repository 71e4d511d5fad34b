using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claims.Web.Jobs;

/// <summary>/healthz's "jobs" entry: healthy while this instance's job engine has looked for work within three ticks.</summary>
internal sealed class JobHealthCheck(JobEngineState state, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!state.Enabled) return Task.FromResult(HealthCheckResult.Healthy("job engine off on this instance (Jobs:Enabled=false)"));
        var last = state.LastTick;
        if (last is null) return Task.FromResult(HealthCheckResult.Degraded("job engine starting"));
        if (time.GetUtcNow() - last > state.Tick * 3) return Task.FromResult(HealthCheckResult.Unhealthy($"job engine {state.Instance} has not ticked since {last:O}"));
        return Task.FromResult(state.LastError is { } error
            ? HealthCheckResult.Degraded($"job engine {state.Instance}: last tick failed ({error})")
            : HealthCheckResult.Healthy($"job engine {state.Instance} ticked at {last:O}"));
    }
}

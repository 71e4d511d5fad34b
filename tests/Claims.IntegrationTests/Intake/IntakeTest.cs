using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;

namespace Claims.IntegrationTests.Intake;

/// <summary>The intake use case as the tests call it: a clinic's upload from a known caller, at the test clock's time.</summary>
internal static class IntakeTest
{
    public static readonly Caller Caller = new(new Actor("clinic:test", ClaimRole.Clinic), new AuditOrigin("203.0.113.7", "test-correlation"));

    public static Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, Stream json, TimeProvider time, IntakeLimits? limits = null) =>
        BundleIntake.IngestAsync(db, clinicId, json, Caller, time.GetUtcNow(), limits ?? IntakeLimits.Default);
}

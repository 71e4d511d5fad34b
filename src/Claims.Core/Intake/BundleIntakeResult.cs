
namespace Claims.Intake;

/// <summary>The outcome of one bundle: status, the claims it made or changed, and every issue found (errors first, at most 100).</summary>
public sealed record BundleIntakeResult(
    BundleIntakeStatus Status,
    Guid? BundleId,
    IReadOnlyList<Guid> CreatedClaimIds,
    IReadOnlyList<Guid> UpdatedClaimIds,
    int UnchangedClaims,
    int PatientsCreated,
    int Resources,
    IReadOnlyList<IntakeIssue> Issues)
{
    /// <summary>Set when <see cref="Status"/> is <see cref="BundleIntakeStatus.Failed"/>.</summary>
    public IntakeFault? Fault { get; init; }

    /// <summary>Encounters before the clinic's bill-from date, kept as clinical history instead of claims.</summary>
    public int HistoryEncounters { get; init; }

    /// <summary>Claims created already past their payer's filing limit: they wait for a biller, not in the coders' queue.</summary>
    public int PastFilingLimit { get; init; }

    public bool IsDuplicate => Status == BundleIntakeStatus.Duplicate;

    public bool IsRejected => Status == BundleIntakeStatus.Rejected;

    public bool IsFailed => Status == BundleIntakeStatus.Failed;

    public static BundleIntakeResult Rejected(IEnumerable<IntakeIssue> issues, int resources = 0) =>
        new(BundleIntakeStatus.Rejected, null, [], [], 0, 0, resources, IntakeIssues.Ordered(issues));

    public static BundleIntakeResult Failed(IntakeFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new(BundleIntakeStatus.Failed, null, [], [], 0, 0, 0,
            [IntakeIssue.Error(IssueCodes.Exception, "Bundle", $"The bundle could not be processed because of a fault on our side (incident {fault.Incident}); nothing was stored. Send it again later, or quote the incident to support.")])
        {
            Fault = fault,
        };
    }

    internal static BundleIntakeResult Duplicate(string message) =>
        new(BundleIntakeStatus.Duplicate, null, [], [], 0, 0, 0, [IntakeIssue.Information(IssueCodes.Duplicate, "Bundle", message)]);
}

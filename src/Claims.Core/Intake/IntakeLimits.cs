
namespace Claims.Intake;

/// <summary>Limits on what intake reads, so a hostile or broken file cannot exhaust memory or the stack.</summary>
public sealed record IntakeLimits(long MaxBundleBytes, int MaxDepth, int MaxStringBytes)
{
    /// <summary>50 MB per bundle (issue 3), JSON nesting 64 (a Synthea bundle needs about 12), 1 MB per string.</summary>
    public static readonly IntakeLimits Default = new(50L * 1024 * 1024, 64, 1024 * 1024);
}

namespace Claims.Operations.Qa;

/// <summary>
/// QA results for one coder or one client: reviews done, average accuracy (basis points), and how many reviews met
/// the 95% target.
/// </summary>
public sealed record QaResult(string Key, string Name, int Reviewed, int AverageBasisPoints, int AtTarget);

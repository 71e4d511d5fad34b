namespace Claims.Charges;

/// <summary>
/// The outcome of importing a fee schedule file: with any error nothing was stored (<see cref="Errors"/> lists every bad
/// line); otherwise how many rows were added, repriced or already as the file says.
/// </summary>
public sealed record FeeImportResult(IReadOnlyList<FeeImportError> Errors, int Added, int Repriced, int Unchanged)
{
    public bool IsRejected => Errors.Count > 0;

    public int Rows => Added + Repriced + Unchanged;
}

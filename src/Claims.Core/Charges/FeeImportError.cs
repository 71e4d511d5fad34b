namespace Claims.Charges;

/// <summary>One problem in a fee schedule file: the 1-based line number (the header is line 1) and what is wrong.</summary>
public sealed record FeeImportError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

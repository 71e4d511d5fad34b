namespace Claims.Coding;

/// <summary>A code-set file could not be read: names the file and line so a person can fix it.</summary>
public sealed class CodeSetFormatException(string message) : ClaimsDomainException(message)
{
    public override string Code => "invalid-code-set";
}

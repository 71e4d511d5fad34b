using System.Security.Cryptography;

namespace Claims.Intake;

/// <summary>
/// What went wrong on our side, for the edge's log: an incident id to quote, the exception's type and the method that threw. Never
/// a stack trace nor the exception's message: Firely's and the database's messages can quote the bundle's values, which are PHI.
/// </summary>
public sealed record IntakeFault(string Incident, string ExceptionType, string? Where)
{
    public static IntakeFault Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), exception.GetType().FullName ?? exception.GetType().Name,
            exception.TargetSite is { } site ? $"{site.DeclaringType?.Name}.{site.Name}" : null);
    }
}

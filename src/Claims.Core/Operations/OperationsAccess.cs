using Claims.Domain;

namespace Claims.Operations;

/// <summary>Who may do which operations act; the pages' role attributes say the same, this is the core's own check.</summary>
public static class OperationsAccess
{
    /// <summary>Admins run the operation (contracts, teams); managers oversee it; leads run a team.</summary>
    public static bool Oversees(ClaimRole role) => role is ClaimRole.Admin or ClaimRole.Manager or ClaimRole.Lead;

    /// <summary>Refuses anyone whose role is not one of <paramref name="roles"/>.</summary>
    public static void Require(Caller caller, string act, params ClaimRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(roles);
        if (!roles.Contains(caller.Actor.Role)) throw new OperationForbiddenException($"A {caller.Actor.Role} may not {act}.");
    }
}

namespace Claims.Domain;

/// <summary>An acting user, clinic key or system component: an id (never a name that is PHI) and a role.</summary>
public sealed record Actor(string Id, ClaimRole Role)
{
    public static Actor System(ClaimRole role) => new($"system:{role.ToString().ToLowerInvariant()}", role);

    public override string ToString() => $"{Id} ({Role})";
}

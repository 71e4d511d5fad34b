namespace Claims.Operations.Teams;

/// <summary>
/// The clinics whose claims a person may see in queues and worklists: all of them (admins, managers, auditors, the
/// command line's operator) or a set, which may be empty; <see cref="Why"/> says why it is empty, for the page.
/// </summary>
public sealed record ClinicScope(bool All, IReadOnlySet<Guid> Clinics, string? Why = null)
{
    public static ClinicScope Everything { get; } = new(true, new HashSet<Guid>());

    /// <summary>Nothing to show, and why.</summary>
    public static ClinicScope Nothing(string why) => new(false, new HashSet<Guid>(), why);

    public bool IsEmpty => !All && Clinics.Count == 0;

    public bool Includes(Guid clinicId) => All || Clinics.Contains(clinicId);

    /// <summary>The clinic ids to filter by, or null for no filter.</summary>
    public IReadOnlyCollection<Guid>? Filter => All ? null : Clinics;
}

namespace Claims.Operations.Teams;

/// <summary>
/// A person (coder, biller or lead, by user name) assigned to serve one client clinic, with an optional skill
/// (a specialty). Queues and worklists show a person only the claims of their clinics: HIPAA's minimum necessary
/// (45 CFR 164.502(b)). Removed when the person is moved; the audit trail keeps the history.
/// </summary>
public sealed class ClinicAssignment
{
    public const int MaxPersonLength = 200;
    public const int MaxSkillLength = 60;

    private ClinicAssignment() { } // EF Core

    public ClinicAssignment(string personId, Guid clinicId, string? skill, string assignedBy, DateTimeOffset at)
    {
        PersonId = ValidPerson(personId);
        ClinicId = clinicId;
        Skill = string.IsNullOrWhiteSpace(skill) ? null : skill.Trim();
        if (Skill is { Length: > MaxSkillLength }) throw new DomainValidationException($"A skill has at most {MaxSkillLength} characters.");
        AssignedBy = assignedBy;
        AssignedAt = at;
    }

    public long Id { get; private set; }

    /// <summary>The person's user name (their sign-in id), never a display name.</summary>
    public string PersonId { get; private set; } = "";

    public Guid ClinicId { get; private set; }

    /// <summary>A specialty or other skill the person brings to this client (e.g. "pediatrics"), or null.</summary>
    public string? Skill { get; private set; }

    public string AssignedBy { get; private set; } = "";

    public DateTimeOffset AssignedAt { get; private set; }

    /// <summary>Changes the skill the person brings to this clinic.</summary>
    public void ChangeSkill(string? skill)
    {
        var value = string.IsNullOrWhiteSpace(skill) ? null : skill.Trim();
        if (value is { Length: > MaxSkillLength }) throw new DomainValidationException($"A skill has at most {MaxSkillLength} characters.");
        Skill = value;
    }

    /// <summary>A user name as typed, trimmed; 1 to 200 characters without spaces.</summary>
    public static string ValidPerson(string? personId)
    {
        var id = (personId ?? "").Trim();
        if (id.Length is 0 or > MaxPersonLength || id.Any(char.IsWhiteSpace)) throw new DomainValidationException("A person is named by their user name (1 to 200 characters, no spaces).");
        return id;
    }
}

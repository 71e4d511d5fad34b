namespace Claims.Operations.Teams;

/// <summary>A person's place in a team: the lead they report to. A lead sees their team's work, productivity and QA.</summary>
public sealed class TeamMember
{
    private TeamMember() { } // EF Core

    public TeamMember(string personId, string leadId, string changedBy, DateTimeOffset at)
    {
        PersonId = ClinicAssignment.ValidPerson(personId);
        Reassign(leadId, changedBy, at);
    }

    public string PersonId { get; private set; } = "";

    public string LeadId { get; private set; } = "";

    public string ChangedBy { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }

    public void Reassign(string leadId, string changedBy, DateTimeOffset at)
    {
        LeadId = ClinicAssignment.ValidPerson(leadId);
        if (LeadId == PersonId) throw new DomainValidationException("A person cannot lead themselves.");
        ChangedBy = changedBy;
        ChangedAt = at;
    }
}

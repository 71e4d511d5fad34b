using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Teams;

/// <summary>
/// Who serves which client: an admin assigns coders and billers to clinics (with a skill), moves them between clients
/// and puts them in a lead's team; every change is one transaction with its audit entry. <see cref="ScopeAsync"/> is
/// the one place that decides which clinics' claims a person's queues and worklists show.
/// </summary>
public sealed class TeamAssignments(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>What a coder or biller without an assignment is told, instead of an unexplained empty queue.</summary>
    public const string NoAssignment = "You are not assigned to any client clinic yet, so no claims are shown (HIPAA minimum necessary). An admin assigns people to clinics on the Teams page.";

    /// <summary>
    /// The clinics whose claims <paramref name="caller"/> may see in queues and worklists. Admins, managers and auditors
    /// see every clinic, as does the command line (its operator holds the server's key ring). Coders and billers see
    /// their assigned clinics; a lead sees their own and their team's. Anyone else sees none.
    /// </summary>
    public static async Task<ClinicScope> ScopeAsync(ClaimsDbContext db, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Origin == AuditOrigin.Cli) return ClinicScope.Everything;
        var me = caller.Actor.Id;
        switch (caller.Actor.Role)
        {
            case ClaimRole.Admin or ClaimRole.Manager or ClaimRole.Auditor:
                return ClinicScope.Everything;
            case ClaimRole.Coder or ClaimRole.Biller:
                var mine = await db.ClinicAssignments.AsNoTracking().Where(a => a.PersonId == me).Select(a => a.ClinicId).ToListAsync(cancellationToken);
                return mine.Count == 0 ? ClinicScope.Nothing(NoAssignment) : new ClinicScope(false, mine.ToHashSet());
            case ClaimRole.Lead:
                var team = db.TeamMembers.Where(t => t.LeadId == me).Select(t => t.PersonId);
                var clinics = await db.ClinicAssignments.AsNoTracking().Where(a => a.PersonId == me || team.Contains(a.PersonId)).Select(a => a.ClinicId).Distinct().ToListAsync(cancellationToken);
                return clinics.Count == 0 ? ClinicScope.Nothing("Neither you nor anyone in your team is assigned to a client clinic yet.") : new ClinicScope(false, clinics.ToHashSet());
            default:
                return ClinicScope.Nothing("Your role does not work claim queues.");
        }
    }

    /// <summary>
    /// The people whose operations figures <paramref name="caller"/> may see: everyone (null) for admins and managers,
    /// a lead's team and the lead, or only the caller.
    /// </summary>
    public static async Task<IReadOnlySet<string>?> PeopleInViewAsync(ClaimsDbContext db, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        var me = caller.Actor.Id;
        if (caller.Origin == AuditOrigin.Cli || caller.Actor.Role is ClaimRole.Admin or ClaimRole.Manager) return null;
        if (caller.Actor.Role != ClaimRole.Lead) return new HashSet<string>(StringComparer.Ordinal) { me };
        var team = await db.TeamMembers.AsNoTracking().Where(t => t.LeadId == me).Select(t => t.PersonId).ToListAsync(cancellationToken);
        return new HashSet<string>(team.Append(me), StringComparer.Ordinal);
    }

    /// <summary>Assigns a person to a clinic (or changes the skill of an existing assignment).</summary>
    public async Task<ClinicAssignment> AssignAsync(string personId, Guid clinicId, string? skill, Caller caller, CancellationToken cancellationToken = default)
    {
        Admin(caller, "assign people to clinics");
        var person = ClinicAssignment.ValidPerson(personId);
        await EnsureClinicAsync(clinicId, cancellationToken);
        var assignment = await db.ClinicAssignments.FirstOrDefaultAsync(a => a.PersonId == person && a.ClinicId == clinicId, cancellationToken);
        if (assignment is null)
        {
            assignment = new ClinicAssignment(person, clinicId, skill, caller.Actor.Id, clock.GetUtcNow());
            db.ClinicAssignments.Add(assignment);
        }
        else
        {
            assignment.ChangeSkill(skill);
        }
        db.Audit(Record(caller, AuditAction.Create, person, $"assigned person={person} clinic={clinicId} skill={assignment.Skill ?? "-"}"));
        await db.SaveChangesAsync(cancellationToken);
        return assignment;
    }

    /// <summary>Takes a person off a clinic; their queues stop showing its claims at once.</summary>
    public async Task UnassignAsync(string personId, Guid clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        Admin(caller, "take people off clinics");
        var person = ClinicAssignment.ValidPerson(personId);
        var assignment = await db.ClinicAssignments.FirstOrDefaultAsync(a => a.PersonId == person && a.ClinicId == clinicId, cancellationToken)
            ?? throw new NotFoundException($"{person} is not assigned to clinic {clinicId}.");
        db.ClinicAssignments.Remove(assignment);
        db.Audit(Record(caller, AuditAction.Delete, person, $"unassigned person={person} clinic={clinicId}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves a person from one client to another in one step, keeping their skill.</summary>
    public async Task<ClinicAssignment> MoveAsync(string personId, Guid fromClinicId, Guid toClinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        Admin(caller, "move people between clients");
        var person = ClinicAssignment.ValidPerson(personId);
        if (fromClinicId == toClinicId) throw new DomainValidationException("Choose a different clinic to move to.");
        await EnsureClinicAsync(toClinicId, cancellationToken);
        var from = await db.ClinicAssignments.FirstOrDefaultAsync(a => a.PersonId == person && a.ClinicId == fromClinicId, cancellationToken)
            ?? throw new NotFoundException($"{person} is not assigned to clinic {fromClinicId}.");
        db.ClinicAssignments.Remove(from);
        var to = await db.ClinicAssignments.FirstOrDefaultAsync(a => a.PersonId == person && a.ClinicId == toClinicId, cancellationToken);
        if (to is null)
        {
            to = new ClinicAssignment(person, toClinicId, from.Skill, caller.Actor.Id, clock.GetUtcNow());
            db.ClinicAssignments.Add(to);
        }
        db.Audit(Record(caller, AuditAction.Update, person, $"moved person={person} from={fromClinicId} to={toClinicId}"));
        await db.SaveChangesAsync(cancellationToken);
        return to;
    }

    /// <summary>Puts a person in a lead's team, or (lead null) out of any team.</summary>
    public async Task SetLeadAsync(string personId, string? leadId, Caller caller, CancellationToken cancellationToken = default)
    {
        Admin(caller, "change teams");
        var person = ClinicAssignment.ValidPerson(personId);
        var member = await db.TeamMembers.FirstOrDefaultAsync(t => t.PersonId == person, cancellationToken);
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(leadId))
        {
            if (member is null) return;
            db.TeamMembers.Remove(member);
        }
        else if (member is null)
        {
            db.TeamMembers.Add(new TeamMember(person, leadId, caller.Actor.Id, now));
        }
        else
        {
            member.Reassign(leadId, caller.Actor.Id, now);
        }
        db.Audit(Record(caller, AuditAction.Update, person, $"team person={person} lead={(string.IsNullOrWhiteSpace(leadId) ? "-" : leadId.Trim())}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Everyone with an assignment or a lead, as <paramref name="caller"/> may see them (a lead: their team).</summary>
    public async Task<IReadOnlyList<TeamRow>> RosterAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!OperationsAccess.Oversees(caller.Actor.Role) && caller.Origin != AuditOrigin.Cli) throw new OperationForbiddenException($"A {caller.Actor.Role} may not see the teams.");
        var people = await PeopleInViewAsync(db, caller, cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var assignments = await db.ClinicAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var leads = await db.TeamMembers.AsNoTracking().ToDictionaryAsync(t => t.PersonId, t => t.LeadId, StringComparer.Ordinal, cancellationToken);
        return [.. assignments.Select(a => a.PersonId).Concat(leads.Keys).Concat(leads.Values).Distinct(StringComparer.Ordinal)
            .Where(p => people is null || people.Contains(p))
            .Order(StringComparer.Ordinal)
            .Select(p => new TeamRow(p, leads.GetValueOrDefault(p), [.. assignments.Where(a => a.PersonId == p)
                .Select(a => new TeamRowClinic(a.ClinicId, clinics.GetValueOrDefault(a.ClinicId, "?"), a.Skill)).OrderBy(c => c.Clinic, StringComparer.Ordinal)]))];
    }

    private static void Admin(Caller caller, string act) => OperationsAccess.Require(caller, act, ClaimRole.Admin);

    private async Task EnsureClinicAsync(Guid clinicId, CancellationToken ct)
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, ct)) throw new NotFoundException($"Clinic {clinicId} was not found.");
    }

    private static AuditRecord Record(Caller caller, AuditAction action, string person, string details) =>
        AuditRecords.For(caller, action, "TeamAssignment", person, null, details, AuditRecords.Operations);
}

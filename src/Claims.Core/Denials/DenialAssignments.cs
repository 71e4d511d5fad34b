using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// Billers' leases on denials, like the coders' on claims (<c>CoderAssignments</c>): taking a claim leases it for
/// <see cref="Lease"/>; another biller cannot take it until the lease lapses or is released. "Take next" tries the
/// worklist's most urgent free claims in order; one another biller took in the meantime fails the version check and the
/// next is tried.
/// </summary>
public sealed class DenialAssignments(ClaimsDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>Leases one claim to the biller (renews their own lease).</summary>
    public async Task<DenialAssignment> TakeAsync(Guid claimId, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        var now = clock.GetUtcNow();
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId).Select(c => new { c.Id, c.State, c.PatientId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (!DenialWorklist.Workable.Contains(claim.State)) throw new DomainValidationException($"Claim {claimId} is {ClaimStates.Words(claim.State)}: only denied or partly paid claims are in the worklist.");
        var lease = await db.DenialAssignments.FirstOrDefaultAsync(a => a.ClaimId == claimId, cancellationToken);
        if (lease is null) db.DenialAssignments.Add(lease = new DenialAssignment(claimId));
        if (lease.IsHeldByOther(caller.Actor.Id, now)) throw new DenialLeasedException(claimId);
        lease.Lease(caller.Actor.Id, now + Lease);
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Claim", claimId.ToString(), pseudonym, $"denial taken until {lease.LeaseExpiresAt:yyyy-MM-dd HH:mm}Z"));
        await db.SaveChangesAsync(cancellationToken);
        return lease;
    }

    /// <summary>Leases the most urgent denial (nearest deadline) nobody holds; null when there is none.</summary>
    public async Task<Guid?> TakeNextAsync(DenialWorklistFilter filter, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        DenialActions.EnsureBiller(caller);
        var now = clock.GetUtcNow();
        var candidates = (await new DenialWorklist(db, clock).MatchingAsync(filter with { Order = DenialWorklistOrder.Deadline }, cancellationToken))
            .Where(d => d.AssignedTo is null || d.AssignedTo == caller.Actor.Id || d.LeaseExpiresAt <= now)
            .OrderBy(d => d.Deadline ?? DateOnly.MaxValue).ThenByDescending(d => d.AmountCents).Take(10).ToList();
        foreach (var candidate in candidates)
        {
            try
            {
                await TakeAsync(candidate.ClaimId, caller, cancellationToken);
                return candidate.ClaimId;
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or DenialLeasedException or DbUpdateException)
            {
                db.ChangeTracker.Clear();
                db.ClearPendingAudit();
            }
        }
        return null;
    }

    /// <summary>Gives the claim back to the worklist (only its holder, or anyone once the lease lapsed).</summary>
    public async Task ReleaseAsync(Guid claimId, Caller caller, CancellationToken cancellationToken = default)
    {
        DenialActions.EnsureBiller(caller);
        var lease = await db.DenialAssignments.FirstOrDefaultAsync(a => a.ClaimId == claimId, cancellationToken);
        if (lease?.AssignedTo is null) return;
        if (lease.IsHeldByOther(caller.Actor.Id, clock.GetUtcNow())) throw new DenialLeasedException(claimId);
        lease.Release();
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Claim", claimId.ToString(), null, "denial released to the worklist"));
        await db.SaveChangesAsync(cancellationToken);
    }
}

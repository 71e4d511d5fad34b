using Claims.Audit;
using Claims.Claims;
using Claims.Intake;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Claims;

/// <summary>
/// One claim: parties, codes, lines, the encounter's clinical context, history, and a button for each trigger the
/// workflow permits the user's role now. Viewing is an audited read; firing goes through the aggregate and its
/// optimistic concurrency check. A clinic user sees only its own clinic's claims (others are "not found").
/// </summary>
[Authorize]
public sealed class DetailModel(ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    public Claim Claim { get; private set; } = null!;
    public string Patient { get; private set; } = "";
    public string Clinic { get; private set; } = "";
    public string Payer { get; private set; } = "";
    public IReadOnlyList<ClaimClinicalItem> Context { get; private set; } = [];
    public IReadOnlyList<ClaimTrigger> Permitted { get; private set; } = [];

    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", RoleName(), AuditAction.Read, "Claim", id.ToString(), Patient,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: "web claim view"));
        await db.SaveChangesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFireAsync(Guid id, ClaimTrigger trigger, string? reason, int version, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (WorkflowRole() is not { } role) return Forbid();
        if (role == ClaimRole.Coder && Claim.IsLeasedToOther(User.Identity?.Name ?? "", time.GetUtcNow()))
        {
            Problem = $"{Claim.AssignedTo} is coding this claim; take the next one from the queue.";
            return RedirectToPage(new { id });
        }
        if (Claim.Version != version)
        {
            Problem = "Someone else changed this claim while you were looking at it. Here it is as it is now; nothing was changed.";
            return RedirectToPage(new { id });
        }
        try
        {
            var from = Claim.State;
            Claim.Fire(trigger, new Actor(User.Identity?.Name ?? "unknown", role), reason, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            Message = $"{from} → {Claim.State} ({trigger}).";
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (claim is null) return false;
        if (User.IsInRole(Roles.Clinic))
        {
            var user = await users.GetUserAsync(User);
            if (user?.ClinicId != claim.ClinicId) return false;
        }
        Claim = claim;
        Patient = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
        Clinic = await db.Clinics.Where(c => c.Id == claim.ClinicId).Select(c => c.Name).SingleAsync(ct);
        Payer = claim.PayerId is { } payerId ? await db.Payers.Where(p => p.Id == payerId).Select(p => p.Name).SingleAsync(ct) : "self-pay";
        Context = await db.ClaimClinicalItems.AsNoTracking().Where(i => i.ClaimId == id).OrderBy(i => i.Sequence).ToListAsync(ct);
        var workflowRole = WorkflowRole();
        Permitted = workflowRole is { } role && !(role == ClaimRole.Coder && claim.IsLeasedToOther(User.Identity?.Name ?? "", time.GetUtcNow()))
            ? claim.PermittedTriggers(role)
            : [];
        return true;
    }

    /// <summary>The workflow role of a signed-in person; auditors and admins look but do not move claims.</summary>
    private ClaimRole? WorkflowRole() =>
        User.IsInRole(Roles.Coder) ? ClaimRole.Coder
        : User.IsInRole(Roles.Biller) ? ClaimRole.Biller
        : User.IsInRole(Roles.Clinic) ? ClaimRole.Clinic
        : null;

    private string RoleName() => Roles.All.FirstOrDefault(User.IsInRole) ?? "User";

    public static bool NeedsReason(ClaimState state, ClaimTrigger trigger) => ClaimWorkflow.Find(state, trigger)?.NeedsReason == true;
}

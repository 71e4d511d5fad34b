using System.ComponentModel.DataAnnotations;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Admin;

/// <summary>
/// User administration (HIPAA 164.308(a)(4) access management): who has which role and clinic, who is locked out
/// or enrolled in two-factor sign-in; create a user with a one-time initial password, change a role, lock, unlock,
/// reset a lost authenticator. Every change is audited without the password; an admin cannot demote or lock itself.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class UsersModel(ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time, ILogger<UsersModel> logger) : PageModel
{
    public sealed record Row(string Id, string Email, string DisplayName, string Role, string? Clinic, bool LockedOut, int FailedAttempts, bool TwoFactor);

    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, StringLength(100)]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required]
        [Display(Name = "Role")]
        public string Role { get; set; } = Roles.Coder;

        [Display(Name = "Clinic")]
        public Guid? ClinicId { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];

    /// <summary>Set only in the response that created the user: the initial password is shown once.</summary>
    public (string Email, string Password)? Created { get; private set; }

    /// <summary>What the one-time password card says it is for.</summary>
    public string CreatedTitle { get; private set; } = "User created";

    [TempData] public string? Message { get; set; }

    [TempData] public string? Problem { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var clinicId = await CheckRoleAndClinicAsync(Input.Role, Input.ClinicId, "Input.", ct);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var email = Input.Email.Trim();
        var user = new ClaimsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Input.DisplayName.Trim(), ClinicId = clinicId, MustChangePassword = true };
        var password = Passwords.NewInitial();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, Input.Role);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Description);
            await LoadAsync(ct);
            return Page();
        }
        Audit(AuditAction.Create, user.Id, $"user created, role {Input.Role}" + (clinicId is { } c ? $", clinic {c}" : ""));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {UserId} created with role {Role}", user.Id, Input.Role);
        Created = (email, password);
        ModelState.Clear();
        Input = new InputModel();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(string id, string role, Guid? clinicId, CancellationToken ct)
    {
        var (user, refusal) = await TargetAsync(id);
        if (user is null) return refusal!;
        // The create form's Input is bound on every POST of this page; only this form's fields count here.
        ModelState.Clear();
        var clinic = await CheckRoleAndClinicAsync(role, clinicId, "", ct);
        if (!ModelState.IsValid) return Refuse(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        var current = await users.GetRolesAsync(user);
        var result = await users.RemoveFromRolesAsync(user, current);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, role);
        user.ClinicId = clinic;
        if (result.Succeeded) result = await users.UpdateAsync(user);
        // A new role must not ride on an old session's role claims.
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        Audit(AuditAction.Update, user.Id, $"role {string.Join("+", current)} -> {role}" + (clinic is { } c ? $", clinic {c}" : ""));
        await db.SaveChangesAsync(ct);
        Message = $"{user.Email} is now {role}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct)
    {
        var (user, refusal) = await TargetAsync(id);
        if (user is null) return refusal!;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        // Ends the user's open sessions at once: the stamp is checked on every request.
        await users.UpdateSecurityStampAsync(user);
        Audit(AuditAction.Update, user.Id, "account locked");
        await db.SaveChangesAsync(ct);
        Message = $"{user.Email} is locked until an admin unlocks it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        var (user, refusal) = await TargetAsync(id);
        if (user is null) return refusal!;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Audit(AuditAction.Update, user.Id, "account unlocked");
        await db.SaveChangesAsync(ct);
        Message = $"{user.Email} is unlocked.";
        return RedirectToPage();
    }

    /// <summary>
    /// For a forgotten password: a new one-time password, shown once on this page (never put in a redirect or TempData),
    /// which the person must replace at their next sign-in; the account is unlocked and open sessions end.
    /// </summary>
    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        var (user, refusal) = await TargetAsync(id);
        if (user is null) return refusal!;
        var password = Passwords.NewInitial();
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!result.Succeeded) return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Audit(AuditAction.Update, user.Id, "password reset by admin: one-time password issued, change required");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Password of user {UserId} reset by an admin", user.Id);
        Created = (user.Email ?? user.UserName ?? id, password);
        CreatedTitle = "Password reset";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>For a lost phone: the old key stops working and the user enrols again at the next sign-in.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct)
    {
        var (user, refusal) = await TargetAsync(id);
        if (user is null) return refusal!;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        Audit(AuditAction.Update, user.Id, "two-factor reset by admin: authenticator key and recovery codes void");
        await db.SaveChangesAsync(ct);
        var mustEnrol = (await users.GetRolesAsync(user)).Any(Authenticator.RequiredFor.Contains);
        Message = $"Two-factor sign-in of {user.Email} was reset" + (mustEnrol ? "; they must enrol again at their next sign-in." : ".");
        return RedirectToPage();
    }

    /// <summary>
    /// The user to change, or why not: unknown ids are 404; the signed-in admin is refused, so nobody locks
    /// themselves out or drops their own admin role.
    /// </summary>
    private async Task<(ClaimsUser? User, IActionResult? Refusal)> TargetAsync(string id)
    {
        if (id == users.GetUserId(User)) return (null, Refuse("You cannot change your own account here; ask another admin (your own authenticator is under Two-factor)."));
        var user = await users.FindByIdAsync(id);
        return user is null ? (null, NotFound()) : (user, null);
    }

    /// <summary>Clinic users belong to exactly one clinic; staff to none.</summary>
    private async Task<Guid?> CheckRoleAndClinicAsync(string role, Guid? clinicId, string prefix, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            ModelState.AddModelError(prefix + "Role", "Choose one of the roles.");
            return null;
        }
        if (role != Roles.Clinic) return null;
        if (clinicId is not { } id || !await db.Clinics.AnyAsync(c => c.Id == id, ct))
        {
            ModelState.AddModelError(prefix + "ClinicId", "A clinic user needs a clinic.");
            return null;
        }
        return id;
    }

    private RedirectToPageResult Refuse(string problem)
    {
        Problem = problem;
        return RedirectToPage();
    }

    private void Audit(AuditAction action, string userId, string details) =>
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.Admin, action, "User", userId,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier, Details: details));

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Clinics = [.. (await db.Clinics.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (c.Id, c.Name))];
        var clinicNames = Clinics.ToDictionary(c => c.Id, c => c.Name);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var roleOf = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(r => r.Name).Order(StringComparer.Ordinal)));
        var all = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.ClinicId, u.LockoutEnd, u.AccessFailedCount, u.TwoFactorEnabled })
            .ToListAsync(ct);
        Rows = [.. all
            .Select(u => new Row(u.Id, u.Email ?? "", u.DisplayName, roleOf.GetValueOrDefault(u.Id, ""), u.ClinicId is { } c ? clinicNames.GetValueOrDefault(c, "?") : null,
                u.LockoutEnd > now, u.AccessFailedCount, u.TwoFactorEnabled))
            .OrderBy(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.Email, StringComparer.Ordinal)];
    }
}

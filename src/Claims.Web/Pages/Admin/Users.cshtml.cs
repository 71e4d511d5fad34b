using System.ComponentModel.DataAnnotations;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.SignIn;
using Claims.Web.UseCases;
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
public sealed class UsersModel(ClaimsDbContext db, UserManager<ClaimsUser> users, UserAccounts accounts, TimeProvider time, ILogger<UsersModel> logger) : PageModel
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
        if (ModelState.IsValid)
        {
            try
            {
                var (user, password) = await accounts.CreateAsync(Input.Email, Input.DisplayName, Input.Role, Input.ClinicId, HttpContext.As(ClaimRole.Admin), ct);
                logger.LogInformation("User {UserId} created with role {Role}", user.Id, Input.Role);
                Created = (user.Email ?? Input.Email.Trim(), password);
                ModelState.Clear();
                Input = new InputModel();
            }
            catch (DomainValidationException ex)
            {
                ModelState.AddModelError(ex.Message.Contains("clinic", StringComparison.Ordinal) ? "Input.ClinicId" : string.Empty, ex.Message);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(string id, string role, Guid? clinicId, CancellationToken ct) =>
        ActAsync(async caller => $"{(await accounts.ChangeRoleAsync(id, role, clinicId, caller, ct)).Email} is now {role}.");

    public Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct) =>
        ActAsync(async caller => $"{(await accounts.LockAsync(id, caller, ct)).Email} is locked until an admin unlocks it.");

    public Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) =>
        ActAsync(async caller => $"{(await accounts.UnlockAsync(id, caller, ct)).Email} is unlocked.");

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        try
        {
            var (user, password) = await accounts.ResetPasswordAsync(id, HttpContext.As(ClaimRole.Admin), ct);
            logger.LogInformation("Password of user {UserId} reset by an admin", user.Id);
            Created = (user.Email ?? user.UserName ?? id, password);
            CreatedTitle = "Password reset";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ClaimsDomainException ex)
        {
            return Refuse(ex.Message);
        }
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct) =>
        ActAsync(async caller =>
        {
            var user = await accounts.ResetTwoFactorAsync(id, caller, ct);
            var mustEnrol = (await users.GetRolesAsync(user)).Any(Authenticator.RequiredFor.Contains);
            return $"Two-factor sign-in of {user.Email} was reset" + (mustEnrol ? "; they must enrol again at their next sign-in." : ".");
        });

    /// <summary>One account act: its sentence as the message, or its refusal as the problem; another's missing account is 404.</summary>
    private async Task<IActionResult> ActAsync(Func<Caller, Task<string>> act)
    {
        try
        {
            Message = await act(HttpContext.As(ClaimRole.Admin));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ClaimsDomainException ex)
        {
            return Refuse(ex.Message);
        }
        return RedirectToPage();
    }

    private RedirectToPageResult Refuse(string problem)
    {
        Problem = problem;
        return RedirectToPage();
    }

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

using Microsoft.AspNetCore.Identity;

namespace Claims.Security;

/// <summary>
/// A person who signs in (ASP.NET Core Identity, stored in the claims database). Clinic users are bound to
/// exactly one clinic; staff (coders, billers, auditors, admins) have none.
/// </summary>
public sealed class ClaimsUser : IdentityUser
{
    public Guid? ClinicId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>
    /// Set when someone else chose the password (an admin creating the account or resetting it): until the person
    /// picks their own, the session reaches only the change-password page.
    /// </summary>
    public bool MustChangePassword { get; set; }
}

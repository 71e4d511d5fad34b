using Claims.Domain;
using Claims.Security;

namespace Claims.Web.UseCases;

/// <summary>
/// The signed-in person as a use case's <see cref="Caller"/>: their user name, their role, and where the request came
/// from (address and trace id) for the audit entries.
/// </summary>
internal static class Callers
{
    /// <summary>The caller acting in <paramref name="role"/> (a page that admits several roles says which one acts).</summary>
    public static Caller As(this HttpContext http, ClaimRole role) =>
        new(new Actor(http.User.Identity?.Name ?? "unknown", role), new AuditOrigin(http.Connection.RemoteIpAddress?.ToString(), http.TraceIdentifier));

    /// <summary>The caller in the role they signed in with (the first of the known roles they hold).</summary>
    public static Caller Caller(this HttpContext http) => http.As(Role(http.User) ?? ClaimRole.Admin);

    /// <summary>The workflow role of a signed-in person.</summary>
    public static ClaimRole? Role(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Coder) ? ClaimRole.Coder
        : user.IsInRole(Roles.Biller) ? ClaimRole.Biller
        : user.IsInRole(Roles.Clinic) ? ClaimRole.Clinic
        : user.IsInRole(Roles.Auditor) ? ClaimRole.Auditor
        : user.IsInRole(Roles.Admin) ? ClaimRole.Admin
        : user.IsInRole(Roles.Lead) ? ClaimRole.Lead
        : user.IsInRole(Roles.Manager) ? ClaimRole.Manager
        : null;
}

using Claims.Domain;
using Claims.Operations.Kpis;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Identity;

namespace Claims.Web.Pages.Operations;

/// <summary>
/// Who sees which operations figures: a clinic user sees their own clinic only (whatever the URL says); admins,
/// billers and managers any clinic or all. Also parses the month (default: the current one).
/// </summary>
internal static class OperationsScope
{
    /// <summary>The roles that open the operations pages.</summary>
    public const string Roles = $"{Security.Roles.Admin},{Security.Roles.Biller},{Security.Roles.Clinic},{Security.Roles.Manager}";

    public sealed record Scope(Guid? ClinicId, bool IsClinicUser, Caller Caller);

    /// <summary>The scope, or null when a clinic user has no clinic (the page forbids).</summary>
    public static async Task<Scope?> ResolveAsync(HttpContext http, UserManager<ClaimsUser> users, Guid? requested)
    {
        if (http.User.IsInRole(Security.Roles.Clinic))
        {
            var clinicId = (await users.GetUserAsync(http.User))?.ClinicId;
            return clinicId is null ? null : new Scope(clinicId, true, http.As(ClaimRole.Clinic));
        }
        var role = http.User.IsInRole(Security.Roles.Admin) ? ClaimRole.Admin : ClaimRole.Biller;
        return new Scope(requested, false, http.As(role));
    }

    public static ReportMonth Month(string? text, TimeProvider time) => string.IsNullOrWhiteSpace(text) ? ReportMonth.Of(time.GetUtcNow()) : ReportMonth.Parse(text);
}

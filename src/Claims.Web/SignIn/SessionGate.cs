using System.Security.Claims;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Claims.Web.SignIn;

/// <summary>
/// What a session must do before it may do anything else: pick its own password when someone else set it, then, for
/// admins and auditors, enrol a second factor. Enforced on every request after authentication, not by a redirect at
/// sign-in, so a bookmark or a direct POST cannot skip it: GETs are sent to the page, other methods get 403.
/// Sign-in, sign-out, error pages and static files stay open, and so does the page itself.
/// </summary>
internal sealed class SessionGateMiddleware(RequestDelegate next)
{
    public const string PasswordPath = "/Account/Password";
    public const string EnrolmentPath = "/Account/Authenticator";

    public Task InvokeAsync(HttpContext context)
    {
        if (Required(context.User) is not { } page) return next(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null || context.Request.Path.StartsWithSegments(page, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) context.Response.Redirect(page);
        else context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    /// <summary>The page this session is confined to, or null when it may go anywhere its roles allow.</summary>
    public static string? Required(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (user.HasClaim(ClaimsUserPrincipalFactory.PasswordClaim, ClaimsUserPrincipalFactory.MustChange)) return PasswordPath;
        if (Authenticator.IsRequired(user) && !Authenticator.SessionHasSecondFactor(user)) return EnrolmentPath;
        return null;
    }
}

/// <summary>
/// Identity's principal, plus a mark while the person must change a password someone else set. Built at sign-in and
/// at every security-stamp check, so the mark follows the database within the check interval.
/// </summary>
internal sealed class ClaimsUserPrincipalFactory(UserManager<ClaimsUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ClaimsUser, IdentityRole>(users, roles, options)
{
    public const string PasswordClaim = "claims:password";
    public const string MustChange = "must-change";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ClaimsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(PasswordClaim, MustChange));
        return identity;
    }
}

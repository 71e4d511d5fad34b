using Claims.Persistence;
using Claims.Security;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Startup;

/// <summary>
/// One demo user per role, created on first start. The clinic user is bound to the first demo clinic. The roles
/// that must use a second factor (admin, auditor) are created already enrolled, so the demo shows the real sign-in.
/// </summary>
internal static class DemoUsers
{
    public const string Domain = Claims.Demo.DemoOperations.DemoUserDomain;

    /// <summary>A created demo user; <paramref name="AuthenticatorKey"/> is set for the roles enrolled in two-factor sign-in.</summary>
    public sealed record Created(string Email, string Role, string Password, string? AuthenticatorKey);

    public static async Task<IReadOnlyList<Created>> EnsureAsync(IServiceProvider services, string? fixedPassword, string? fixedAuthenticatorKey)
    {
        var users = services.GetRequiredService<UserManager<ClaimsUser>>();
        var db = services.GetRequiredService<ClaimsDbContext>();
        var clinicId = await db.Clinics.OrderBy(c => c.Name).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        var created = new List<Created>();
        foreach (var role in Roles.All)
        {
            var email = $"{role.ToLowerInvariant()}@{Domain}";
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new ClaimsUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = $"Demo {role}",
                ClinicId = role == Roles.Clinic ? clinicId : null,
            };
            var password = fixedPassword ?? Passwords.NewInitial();
            Check(await users.CreateAsync(user, password), email);
            Check(await users.AddToRoleAsync(user, role), email);
            var key = Authenticator.RequiredFor.Contains(role) ? await EnrolAsync(services, users, user, fixedAuthenticatorKey) : null;
            created.Add(new Created(email, role, password, key));
        }
        return created;
    }

    /// <summary>
    /// Turns on two-factor sign-in with a random authenticator key, or the configured one (tests compute codes
    /// from it). The key is returned so it can be shown once, like the password.
    /// </summary>
    private static async Task<string> EnrolAsync(IServiceProvider services, UserManager<ClaimsUser> users, ClaimsUser user, string? fixedKey)
    {
        if (fixedKey is { Length: > 0 })
        {
            var key = fixedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (key.Length < 16 || !key.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7')) throw new InvalidOperationException("Demo:AuthenticatorKey must be Base32 (A-Z, 2-7), at least 16 characters.");
            var store = (IUserAuthenticatorKeyStore<ClaimsUser>)services.GetRequiredService<IUserStore<ClaimsUser>>();
            await store.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Check(await users.UpdateAsync(user), user.Email!);
        }
        else
        {
            Check(await users.ResetAuthenticatorKeyAsync(user), user.Email!);
        }
        Check(await users.SetTwoFactorEnabledAsync(user, true), user.Email!);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
    }
}

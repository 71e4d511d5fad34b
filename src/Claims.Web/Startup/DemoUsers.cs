using System.Security.Cryptography;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Startup;

/// <summary>One demo user per role, created on first start. The clinic user is bound to the first demo clinic.</summary>
internal static class DemoUsers
{
    public const string Domain = "demo.claims.local";

    public static async Task<IReadOnlyList<(string Email, string Role, string Password)>> EnsureAsync(IServiceProvider services, string? fixedPassword)
    {
        var users = services.GetRequiredService<UserManager<ClaimsUser>>();
        var db = services.GetRequiredService<ClaimsDbContext>();
        var clinicId = await db.Clinics.OrderBy(c => c.Name).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        var created = new List<(string, string, string)>();
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
            var password = fixedPassword ?? NewPassword();
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
            await users.AddToRoleAsync(user, role);
            created.Add((email, role, password));
        }
        return created;
    }

    /// <summary>A random password that satisfies the policy: 16 characters from upper, lower and digits.</summary>
    private static string NewPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(upper + lower + digits, 13).ToList();
        chars.Add(RandomNumberGenerator.GetItems<char>(upper, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(lower, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(digits, 1)[0]);
        return new string([.. chars]);
    }
}

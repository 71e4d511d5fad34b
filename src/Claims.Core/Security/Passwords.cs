using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Claims.Security;

/// <summary>Initial passwords for new accounts (demo users, users an admin creates), shown once and never stored in clear.</summary>
public static class Passwords
{
    /// <summary>A random password that satisfies the policy: 16 characters from upper, lower and digits.</summary>
    public static string NewInitial()
    {
        // No look-alikes (I, l, 1, O, 0): the password is read off a screen and typed.
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(upper + lower + digits, 13).ToList();
        chars.Add(RandomNumberGenerator.GetItems<char>(upper, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(lower, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(digits, 1)[0]);
        RandomNumberGenerator.Shuffle(CollectionsMarshal.AsSpan(chars));
        return new string([.. chars]);
    }
}

using System.Net;
using System.Text.RegularExpressions;

namespace Claims.Web.Tests;

/// <summary>What several web tests need: committed fixture files, the antiforgery token of a page, signing in a demo user.</summary>
internal static partial class TestSupport
{
    public static string Fixture(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine([dir.FullName, "fixtures", .. parts]);
            if (File.Exists(path) || Directory.Exists(path)) return path;
        }
        throw new FileNotFoundException(string.Join('/', parts));
    }

    public static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>Signs a demo user in through the real form (antiforgery included); the client keeps the cookie.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password = ClaimsWebFactory.DemoPassword)
    {
        var login = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Token(login),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {email} answered {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

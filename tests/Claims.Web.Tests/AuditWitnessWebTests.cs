using System.Net;
using System.Text.RegularExpressions;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>The auditor's "Verify the chain" also compares the database with the witness outside it.</summary>
public sealed partial class AuditWitnessWebTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private static async Task<string> VerifyAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(new Uri("/Audit", UriKind.Relative));
        var verified = await client.PostAsync(new Uri("/Audit?handler=Verify", UriKind.Relative), TestSupport.Form(page));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return WebUtility.HtmlDecode(Witness().Match(await verified.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    [Fact]
    public async Task The_web_verification_agrees_with_the_witness_and_then_names_a_tail_removed_with_its_checkpoints()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "auditor@demo.claims.local");
        Assert.Contains("the witness agrees", await VerifyAsync(client), StringComparison.Ordinal);

        long kept;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            kept = (await db.AuditCheckpoints.OrderByDescending(c => c.Id).Skip(1).FirstAsync()).Sequence;
        }
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(factory.Home, "claims.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM audit_entries WHERE Sequence > {kept}; DELETE FROM audit_checkpoints WHERE Sequence > {kept};";
            Assert.True(command.ExecuteNonQuery() > 0);
        }

        var witness = await VerifyAsync(client);

        Assert.Contains("Witness ahead", witness, StringComparison.Ordinal);
        Assert.Contains("were removed", witness, StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"witness\">([^<]+)<")]
    private static partial Regex Witness();
}

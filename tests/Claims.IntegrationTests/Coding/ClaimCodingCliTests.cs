using System.Text.Json;
using Claims.Audit;
using Claims.Coding;
using Claims.Intake;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Coding;

/// <summary>Suggestions for an ingested Synthea claim, and the coder's accept/reject verdicts recorded.</summary>
public sealed class ClaimCodingCliTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, args);
    }

    [Fact]
    public async Task A_coder_sees_evidenced_suggestions_and_an_accepted_diagnosis_joins_the_claim()
    {
        // The Synthea fixtures go back decades: bill from far enough back for their encounters to become claims.
        Assert.Equal(0, (await RunAsync("clinics", "add", "Test Clinic", "--npi", "1234567893", "--tax-id", "123456789", "--bill-from", "1900-01-01")).Exit);
        var (ingested, _, ingestError) = await RunAsync("ingest", FhirFixtures.Path("synthea"));
        Assert.True(ingested == 0, ingestError);

        // A claim whose encounter carries a condition.
        Guid claimId;
        bool held;
        await using (var db = _home.NewContext())
        {
            claimId = await db.ClaimClinicalItems.Where(i => i.Kind == ClinicalKind.Condition).Select(i => i.ClaimId).FirstAsync();
            held = await db.Claims.Where(c => c.Id == claimId).Select(c => c.PastFilingLimit).SingleAsync();
        }
        // Years past its payer's filing limit, the claim waits for a biller; with proof of timely filing it goes to coding.
        if (held) Assert.Equal(0, (await RunAsync("filing", "release", claimId.ToString(), "--reason", "test: filed in time on paper")).Exit);

        var (exit, output, error) = await RunAsync("codes", "for-claim", claimId.ToString(), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        var condition = rows.First(r => r.GetProperty("system").GetString() == "icd10cm");
        Assert.StartsWith("Condition/", condition.GetProperty("evidence").GetString(), StringComparison.Ordinal);
        var code = condition.GetProperty("code").GetString()!;

        // A verdict is a workbench act: refused until the coder has taken the claim, as on the web.
        var (early, _, earlyError) = await RunAsync("codes", "accept", claimId.ToString(), code);
        Assert.Equal(1, early);
        Assert.Contains("Start coding the claim first", earlyError, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("workbench", "take", claimId.ToString())).Exit);

        var (accepted, acceptOut, acceptError) = await RunAsync("codes", "accept", claimId.ToString(), code, "--evidence", condition.GetProperty("evidence").GetString()!);
        Assert.True(accepted == 0, acceptError);
        Assert.Contains("added as diagnosis", acceptOut, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("codes", "reject", claimId.ToString(), "R05.9")).Exit);

        await using var check = _home.NewContext();
        var claim = await check.Claims.SingleAsync(c => c.Id == claimId);
        Assert.Contains(claim.Diagnoses, d => d.Code.Value == code.Replace(".", "", StringComparison.Ordinal));
        var decisions = await check.CodingDecisions.Where(d => d.ClaimId == claimId).OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([CodingVerdict.Accepted, CodingVerdict.Rejected], decisions.Select(d => d.Verdict));
        Assert.Equal("R059", decisions[1].Code);
        Assert.True((await AuditVerifier.VerifyAsync(check, _home.KeyRing)).Intact);
    }
}

using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Qa;
using Claims.Operations.Teams;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Demo;

/// <summary>
/// The BPO side of the demo, through the same use cases as the pages: a contract per demo clinic (different SLAs,
/// calendars and fee models), the demo coder, biller and lead assigned to every demo clinic in the lead's team, and a
/// few weeks of QA samples with some reviews. Runs once (skipped when any contract exists).
/// </summary>
public static class DemoOperations
{
    /// <summary>The demo users' e-mail domain (the web app creates coder@, biller@, lead@ ... in it).</summary>
    public const string DemoUserDomain = "demo.claims.local";

    /// <summary>US federal holidays the demo clinics close on.</summary>
    private static readonly DateOnly[] Holidays =
    [
        new(2026, 1, 1), new(2026, 1, 19), new(2026, 2, 16), new(2026, 5, 25), new(2026, 7, 3), new(2026, 9, 7),
        new(2026, 11, 26), new(2026, 12, 25), new(2027, 1, 1), new(2027, 1, 18), new(2027, 5, 31), new(2027, 7, 5),
    ];

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Seeds contracts, teams and QA for the demo clinics; <paramref name="userDomain"/> is the demo users' e-mail domain.</summary>
    public static async Task SeedAsync(ClaimsDbContext db, TimeProvider time, string userDomain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await db.ClientContracts.AnyAsync(cancellationToken)) return;
        var admin = Caller.FromCli(new Actor("demo:admin", ClaimRole.Admin));
        var lead = $"lead@{userDomain}";
        var contracts = new ClientContracts(db, time);
        var teams = new TeamAssignments(db, time);
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var i = 0;
        foreach (var clinic in clinics)
        {
            var terms = (i++ % 3) switch
            {
                0 => new ContractTerms(24, 3, 24, 30, "America/New_York", new TimeOnly(8, 0), new TimeOnly(17, 0), Weekdays, Holidays, FeeModel.Percentage, 550, 0),
                1 => new ContractTerms(48, 5, 24, 30, "America/Chicago", new TimeOnly(8, 30), new TimeOnly(17, 30), Weekdays, Holidays, FeeModel.PerClaim, 0, 450),
                _ => new ContractTerms(24, 3, 12, 21, "America/Los_Angeles", new TimeOnly(8, 0), new TimeOnly(18, 0), [.. Weekdays, DayOfWeek.Saturday], Holidays, FeeModel.Percentage, 600, 0),
            };
            await contracts.SetAsync(clinic.Id, terms, admin, cancellationToken);
            var skill = clinic.Name.Contains("Pediatric", StringComparison.Ordinal) ? "pediatrics" : null;
            foreach (var person in new[] { $"coder@{userDomain}", $"biller@{userDomain}", lead, "demo:coder" })
            {
                await teams.AssignAsync(person, clinic.Id, skill, admin, cancellationToken);
            }
        }
        await teams.SetLeadAsync($"coder@{userDomain}", lead, admin, cancellationToken);
        await teams.SetLeadAsync("demo:coder", lead, admin, cancellationToken);
        await SeedQaAsync(db, time, lead, cancellationToken);
    }

    /// <summary>Draws the last four weeks' samples (10% at random; the demo coder is past probation) and reviews a few.</summary>
    private static async Task SeedQaAsync(ClaimsDbContext db, TimeProvider time, string lead, CancellationToken ct)
    {
        var sampling = new QaSampling(db, time);
        var reviewer = Caller.FromCli(new Actor(lead, ClaimRole.Lead));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var rules = QaRules.Default with { RandomPercent = 10, NewCoderClaims = 0 };
        for (var week = 4; week >= 1; week--) await sampling.DrawAsync(today.AddDays(-7 * week), rules, reviewer, ct);
        var reviews = new QaReviews(db, time);
        var samples = await db.QaSamples.AsNoTracking().OrderBy(s => s.WeekOf).ThenBy(s => s.Id).Take(4).Select(s => s.Id).ToListAsync(ct);
        var n = 0;
        foreach (var id in samples)
        {
            var claim = await db.Claims.AsNoTracking().FirstAsync(c => c.Id == db.QaSamples.Where(s => s.Id == id).Select(s => s.ClaimId).Single(), ct);
            var codes = QaCodes.Of(claim);
            // Every other review codes a diagnosis the coder missed (fatigue, R53.83), so the coder's page has findings to read.
            var dx = n++ % 2 == 0 || codes.Diagnoses.Contains("R53.83") || codes.Diagnoses.Count >= 12 ? codes.Diagnoses : [.. codes.Diagnoses, "R53.83"];
            await reviews.ReviewAsync(id, string.Join(", ", dx), string.Join(", ", codes.Lines), n % 2 == 0 ? "Only code diagnoses the note supports." : null, reviewer, ct);
        }
    }
}

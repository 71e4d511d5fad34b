using Claims.Coding;
using Claims.Demo;
using Claims.Domain;
using Claims.Operations;
using Claims.Operations.Contracts;
using Claims.Operations.Productivity;
using Claims.Operations.Qa;
using Claims.Operations.Sla;
using Claims.Operations.Teams;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Operations;

/// <summary>Contracts, teams, SLA board, productivity and QA on a real SQLite file.</summary>
public sealed class OperationsTests : IDisposable
{
    private static readonly Caller Admin = new(new Actor("admin@x", ClaimRole.Admin), new AuditOrigin("127.0.0.1", "t"));
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private static Caller Web(string id, ClaimRole role) => new(new Actor(id, role), new AuditOrigin("127.0.0.1", "t"));

    private async Task<Guid[]> SeedAsync(int patients = 30)
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, patients, 7, _home.Time);
        return [.. await db.Clinics.OrderBy(c => c.Name).Select(c => c.Id).ToListAsync()];
    }

    [Fact]
    public async Task An_admin_sets_a_contract_which_is_audited_and_a_coder_may_not()
    {
        var clinics = await SeedAsync(5);
        await using var db = _home.NewContext();
        var contracts = new ClientContracts(db, _home.Time);
        var terms = ClientContract.DefaultTerms with { CodingTurnaroundHours = 48, TimeZoneId = "America/Chicago", FeeModel = FeeModel.PerClaim, FeePerClaimCents = 450 };
        await contracts.SetAsync(clinics[0], terms, Admin);

        var view = await contracts.GetAsync(clinics[0]);
        Assert.False(view.IsDefault);
        Assert.Equal(48, view.Contract.CodingTurnaroundHours);
        Assert.Equal(FeeModel.PerClaim, view.Contract.FeeModel);
        Assert.Equal(450, view.Contract.FeePerClaimCents);
        Assert.True((await contracts.GetAsync(clinics[1])).IsDefault);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.EntityType == "ClientContract" && e.EntityId == clinics[0].ToString()));
        await Assert.ThrowsAsync<OperationForbiddenException>(() => contracts.SetAsync(clinics[0], terms, Web("c@x", ClaimRole.Coder)));
        Assert.Contains("Unknown time zone", (await Assert.ThrowsAsync<DomainValidationException>(() => contracts.SetAsync(clinics[0], terms with { TimeZoneId = "Mars/Olympus" }, Admin))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coder_sees_and_takes_only_claims_of_assigned_clinics_and_nothing_without_an_assignment()
    {
        var clinics = await SeedAsync();
        await using var db = _home.NewContext();
        var coder = Web("ann@x", ClaimRole.Coder);
        var workbench = new Workbench(db, _home.Time, new Scrubber(CodeSets.Embedded));

        Assert.True((await TeamAssignments.ScopeAsync(db, coder)).IsEmpty);
        Assert.Null(await workbench.TakeNextAsync(coder));

        var teams = new TeamAssignments(db, _home.Time);
        await teams.AssignAsync("ann@x", clinics[1], "pediatrics", Admin);
        var scope = await TeamAssignments.ScopeAsync(db, coder);
        var page = await WorkQueue.QueryAsync(db, new WorkQueueFilter { Clinics = scope.Filter, AsOf = _home.Time.GetUtcNow() }, 500);
        Assert.NotEmpty(page.Rows);
        var clinicName = await db.Clinics.Where(c => c.Id == clinics[1]).Select(c => c.Name).SingleAsync();
        Assert.All(page.Rows, r => Assert.Equal(clinicName, r.Clinic));
        var taken = await workbench.TakeNextAsync(coder);
        Assert.Equal(clinics[1], taken!.ClinicId);

        await teams.MoveAsync("ann@x", clinics[1], clinics[2], Admin);
        Assert.Equal([clinics[2]], (await TeamAssignments.ScopeAsync(db, coder)).Clinics);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "TeamAssignment" && e.EntityId == "ann@x"));
        await Assert.ThrowsAsync<OperationForbiddenException>(() => teams.AssignAsync("ann@x", clinics[0], null, coder));
    }

    [Fact]
    public async Task A_lead_sees_the_clinics_and_people_of_their_team()
    {
        var clinics = await SeedAsync(3);
        await using var db = _home.NewContext();
        var teams = new TeamAssignments(db, _home.Time);
        await teams.AssignAsync("bo@x", clinics[0], null, Admin);
        await teams.AssignAsync("cy@x", clinics[1], null, Admin);
        await teams.SetLeadAsync("bo@x", "lee@x", Admin);
        var lead = Web("lee@x", ClaimRole.Lead);

        Assert.Equal([clinics[0]], (await TeamAssignments.ScopeAsync(db, lead)).Clinics);
        Assert.Equal(["bo@x", "lee@x"], (await TeamAssignments.PeopleInViewAsync(db, lead))!.Order(StringComparer.Ordinal));
        Assert.Equal(["bo@x", "lee@x"], (await teams.RosterAsync(lead)).Select(r => r.PersonId));
        Assert.True((await TeamAssignments.ScopeAsync(db, Web("m@x", ClaimRole.Manager))).All);
    }

    [Fact]
    public async Task The_sla_board_lists_breached_claims_with_their_cause_for_the_callers_clinics_only()
    {
        var clinics = await SeedAsync(40);
        await using var db = _home.NewContext();
        var board = await new SlaBoard(db, _home.Time).ReadAsync(Web("m@x", ClaimRole.Manager));
        Assert.NotEmpty(board.Rows);
        Assert.All(board.Rows.Where(r => r.Clock.Status == SlaStatus.Breached), r => Assert.False(string.IsNullOrEmpty(r.Clock.Cause)));
        Assert.Equal(clinics.Length, board.Clients.Count);

        await new TeamAssignments(db, _home.Time).AssignAsync("bi@x", clinics[0], null, Admin);
        var mine = await new SlaBoard(db, _home.Time).ReadAsync(Web("bi@x", ClaimRole.Biller));
        Assert.All(mine.Rows, r => Assert.Equal(clinics[0], r.ClinicId));
        var none = await new SlaBoard(db, _home.Time).ReadAsync(Web("nobody@x", ClaimRole.Biller));
        Assert.Empty(none.Rows);
        Assert.Equal(TeamAssignments.NoAssignment, none.Why);
    }

    [Fact]
    public async Task Productivity_counts_completions_active_time_first_pass_and_suggestions_from_the_history()
    {
        var clinics = await SeedAsync(0);
        await using var db = _home.NewContext();
        var claim = await NewClaimAsync(db, clinics[0]);
        var coder = new Actor("dee@x", ClaimRole.Coder);
        var start = _home.Time.GetUtcNow();
        claim.Take(coder, start, Workbench.Lease);
        db.CodingDecisions.Add(new CodingDecision(claim.Id, CodeSystemKind.Icd10Cm, "J209", CodingVerdict.Accepted, null, null, coder.Id, start.AddMinutes(5)));
        db.CodingDecisions.Add(new CodingDecision(claim.Id, CodeSystemKind.Icd10Cm, "R509", CodingVerdict.Rejected, null, null, coder.Id, start.AddMinutes(6)));
        claim.CompleteCoding(coder, start.AddMinutes(20));
        claim.PassVerification(Actor.System(ClaimRole.Scrubber), start.AddMinutes(20));
        await db.SaveChangesAsync();

        var day = DateOnly.FromDateTime(start.UtcDateTime);
        var report = await new CoderProductivity(db).ReadAsync(Web("dee@x", ClaimRole.Coder), day, day, ProductivityGrain.Day);
        var row = Assert.Single(report.Coders);
        Assert.Equal(("dee@x", 1, 1, 1), (row.Coder, row.ClaimsCoded, row.FirstPassed, row.FirstCompleted));
        Assert.Equal(Math.Round(20 / 60.0, 2), row.ActiveHours);
        Assert.Equal(3.0, row.ClaimsPerHour!.Value, 1);
        Assert.Equal(0.5, row.AcceptanceRate);
        await Assert.ThrowsAsync<OperationForbiddenException>(() => new CoderProductivity(db).ReadAsync(Web("dee@x", ClaimRole.Coder), day, day, ProductivityGrain.Day, "other@x"));
    }

    [Fact]
    public async Task A_lead_reviews_a_sample_blind_and_the_coder_reads_the_score_and_encrypted_feedback()
    {
        var clinics = await SeedAsync(0);
        await using var db = _home.NewContext();
        var claim = await NewClaimAsync(db, clinics[0]);
        var coder = new Actor("eve@x", ClaimRole.Coder);
        var now = _home.Time.GetUtcNow();
        claim.Take(coder, now, Workbench.Lease);
        claim.CompleteCoding(coder, now.AddMinutes(10));
        claim.PassVerification(Actor.System(ClaimRole.Scrubber), now.AddMinutes(10));
        await db.SaveChangesAsync();
        await new TeamAssignments(db, _home.Time).SetLeadAsync("eve@x", "lou@x", Admin);
        var lead = Web("lou@x", ClaimRole.Lead);

        var drawn = await new QaSampling(db, _home.Time).DrawAsync(DateOnly.FromDateTime(now.UtcDateTime), QaRules.Default, lead);
        Assert.Equal(1, drawn.NewCoder);
        Assert.Equal(0, (await new QaSampling(db, _home.Time).DrawAsync(DateOnly.FromDateTime(now.UtcDateTime), QaRules.Default, lead)).Total);

        var reviews = new QaReviews(db, _home.Time);
        var sample = Assert.Single(await reviews.ListAsync(lead));
        var blind = await reviews.OpenAsync(sample.Id, lead);
        Assert.Equal(claim.Id, blind.ClaimId);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.EntityType == "Claim" && e.EntityId == claim.Id.ToString() && e.Details!.Contains("qa review opened")));

        await reviews.ReviewAsync(sample.Id, "J20.9", "99213, 71046", "R50.9 is not documented.", lead);
        var stored = await db.QaSamples.AsNoTracking().SingleAsync();
        Assert.DoesNotContain("documented", System.Text.Encoding.UTF8.GetString(stored.FeedbackCipher!), StringComparison.Ordinal);

        var mine = Assert.Single(await new QaReviews(db, _home.Time).MineAsync(Web("eve@x", ClaimRole.Coder)));
        Assert.Equal("R50.9 is not documented.", mine.Feedback);
        Assert.Equal(stored.AccuracyBasisPoints, mine.AccuracyBasisPoints);
        Assert.True(mine.AccuracyBasisPoints < 10_000);
        Assert.Contains(mine.Findings, f => f.Contains("R50.9", StringComparison.Ordinal));
        var results = await reviews.ResultsAsync(lead);
        Assert.Equal("eve@x", Assert.Single(results.ByCoder).Key);
        await Assert.ThrowsAsync<DomainValidationException>(() => reviews.ReviewAsync(sample.Id, "J20.9", "99213", null, lead));
        await Assert.ThrowsAsync<NotFoundException>(() => reviews.OpenAsync(sample.Id, Web("other-lead@x", ClaimRole.Lead)));
    }

    [Fact]
    public async Task The_demo_operations_seed_contracts_teams_and_reviewed_samples()
    {
        await SeedAsync(60);
        await using var db = _home.NewContext();
        await DemoOperations.SeedAsync(db, _home.Time, "demo.test");
        Assert.Equal(await db.Clinics.CountAsync(), await db.ClientContracts.CountAsync());
        Assert.True(await db.ClinicAssignments.CountAsync(a => a.PersonId == "coder@demo.test") == await db.Clinics.CountAsync());
        Assert.True(await db.QaSamples.CountAsync(s => s.ReviewedAt != null) > 0);
    }

    private static async Task<Claim> NewClaimAsync(Claims.Persistence.ClaimsDbContext db, Guid clinicId)
    {
        var clinic = await db.Clinics.SingleAsync(c => c.Id == clinicId);
        var patient = new Patient(clinicId, "PT-OPS" + Guid.NewGuid().ToString("N")[..6], AdministrativeSex.Female, 1980);
        db.Patients.Add(patient);
        db.Phi.CreatePatientKey(patient.Id);
        var claim = new Claim(ClaimControlNumber.Parse("C26061TEST0001"), clinicId, patient.Id, null, null, clinic.Npi, null, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20), PlaceOfService.Office);
        claim.SetDiagnoses([Icd10Code.Parse("J20.9"), Icd10Code.Parse("R50.9")]);
        claim.AddLine(ProcedureCode.Parse("99213"), [], 1, Money.Of(130m), [1, 2]);
        claim.AddLine(ProcedureCode.Parse("71046"), [], 1, Money.Of(95m), [1]);
        db.Claims.Add(claim);
        await db.SaveChangesAsync();
        return claim;
    }
}

using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Security;
using Claims.Submission;

namespace Claims.IntegrationTests.Statements;

/// <summary>
/// A clinic with two self-pay patients (names and addresses encrypted like real ones) and one insured patient, on a real
/// SQLite file; claims are made coded and walked through the workflow's verbs.
/// </summary>
internal sealed class PatientBillingFixture : IDisposable
{
    public static readonly Caller Biller = Caller.FromCli(new Actor("biller@test", ClaimRole.Biller));
    public static readonly Caller Coder = Caller.FromCli(new Actor("coder@test", ClaimRole.Coder));
    public static readonly Scrubber Scrubber = new(CodeSets.Embedded);

    public TestHome Home { get; } = new();

    public Guid ClinicId { get; private set; }

    public Guid JaneId { get; private set; }

    public Guid RichardId { get; private set; }

    public Guid InsuredId { get; private set; }

    public Guid PayerId { get; private set; }

    public Guid CoverageId { get; private set; }

    public static async Task<PatientBillingFixture> CreateAsync()
    {
        var fixture = new PatientBillingFixture();
        await using var db = await fixture.Home.MigratedContextAsync();
        var clinic = new Clinic("Sunrise Family Clinic", Npi.FromBase(123456789), "123456789");
        clinic.MoveTo(new ClinicAddress("12 Oak St", "Springfield", "IL", "627011234"));
        db.Clinics.Add(clinic);
        var payer = new Payer("Aetna (demo)", "DEMO-60054", 120);
        db.Payers.Add(payer);
        fixture.ClinicId = clinic.Id;
        fixture.PayerId = payer.Id;
        fixture.JaneId = AddPatient(db, clinic, "PT-JANE0001", "Doe", "Jane", "1 Elm St, Springfield, IL 62701");
        fixture.RichardId = AddPatient(db, clinic, "PT-RICH0002", "Roe", "Richard", "9 Pine Rd, Springfield, IL 62702");
        fixture.InsuredId = AddPatient(db, clinic, "PT-INSU0003", "Poe", "Edgar", "3 Raven Ln, Springfield, IL 62703");
        var coverage = new Coverage(fixture.InsuredId, payer.Id, SubscriberRelationship.Self, new DateOnly(2026, 1, 1), null);
        db.Coverages.Add(coverage);
        fixture.CoverageId = coverage.Id;
        await db.SaveChangesAsync();
        return fixture;
    }

    private static Guid AddPatient(ClaimsDbContext db, Clinic clinic, string pseudonym, string family, string given, string address)
    {
        var patient = new Patient(clinic.Id, pseudonym, AdministrativeSex.Female, 1980);
        db.Patients.Add(patient);
        var key = db.Phi.CreatePatientKey(patient.Id);
        db.Phi.Protect(patient, key, new PatientDemographics(family, given, "1980-04-01", address, null, "MRN-" + pseudonym, null));
        return patient.Id;
    }

    /// <summary>A claim coded with J20.9 and the given lines (code, charge), in Coding and leased to the test coder.</summary>
    public async Task<Guid> CodingClaimAsync(Guid patientId, DateOnly serviceDate, bool insured = false, params (string Code, decimal Charge)[] lines)
    {
        await using var db = Home.NewContext();
        var claim = new Claim(ClaimControlNumber.New(serviceDate, n => Random.Shared.Next(n)), ClinicId, patientId, insured ? CoverageId : null, insured ? PayerId : null,
            Npi.FromBase(123456789), null, serviceDate, serviceDate, PlaceOfService.Office);
        claim.SetDiagnoses([Icd10Code.Parse("J20.9")]);
        foreach (var (code, charge) in lines.Length > 0 ? lines : [("99213", 130m), ("71046", 95m)])
            claim.AddLine(ProcedureCode.Parse(code), [], 1, Money.Of(charge), [1]);
        claim.Take(Coder.Actor, Home.Time.GetUtcNow(), TimeSpan.FromMinutes(30));
        db.Claims.Add(claim);
        await db.SaveChangesAsync();
        return claim.Id;
    }

    /// <summary>Completes coding through the workbench (which verifies at once) and returns the claim's state.</summary>
    public async Task<ClaimState> CompleteCodingAsync(Guid claimId)
    {
        await using var db = Home.NewContext();
        return (await new Workbench(db, Home.Time, Scrubber).CompleteCodingAsync(claimId, Coder)).Claim.State;
    }

    /// <summary>A self-pay claim coded, verified and billed to the patient.</summary>
    public async Task<Guid> BilledSelfPayClaimAsync(Guid patientId, DateOnly serviceDate, params (string Code, decimal Charge)[] lines)
    {
        var id = await CodingClaimAsync(patientId, serviceDate, false, lines);
        await CompleteCodingAsync(id);
        await using var db = Home.NewContext();
        await Transitions(db).FireAsync(id, ClaimTrigger.BillPatient, null, Biller);
        return id;
    }

    public ClaimTransitions Transitions(ClaimsDbContext db) =>
        new(db, Home.Time, Scrubber, new Submissions(db, Home.Time, new SubmissionSettings { Mailbox = "unused" }, new FolderMailbox(Path.Combine(Home.Home, "clearinghouse"))));

    public void Dispose() => Home.Dispose();
}

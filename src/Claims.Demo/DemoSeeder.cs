using System.Globalization;
using Bogus;
using Claims.Charges;
using Claims.Coding;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Demo;

/// <summary>
/// Synthetic demo data with Bogus and a fixed seed: clinics, payers, providers, patients and coded claims spread
/// over every workflow state. Claims reach their state by firing the real workflow with the right roles, so
/// their history is as genuine as a worked claim's. No real person is represented.
/// </summary>
public static class DemoSeeder
{
    public const int DefaultSeed = 20261122;

    internal static readonly (string Name, string PayerId, int TimelyFilingDays, string FilingIndicator)[] PayerCatalogue =
    [
        ("Medicare Part B (demo MAC)", "DEMO-MCR01", 365, "MB"),
        ("State Medicaid (demo)", "DEMO-MCD01", 180, "MC"),
        ("Aetna (demo)", "DEMO-60054", 120, "CI"),
        ("Blue Cross Blue Shield (demo)", "DEMO-BCBS1", 180, "BL"),
        ("UnitedHealthcare (demo)", "DEMO-87726", 90, "HM"),
        ("Cigna (demo)", "DEMO-62308", 90, "CI"),
    ];

    internal static readonly string[] ClinicNames = ["Riverside Family Practice", "Northgate Internal Medicine", "Lakeshore Pediatrics & Urgent Care"];

    private sealed record Visit(string[] Diagnoses, string[] Procedures, string[] Modifiers25For);

    // Coherent encounter patterns: diagnoses (ICD-10-CM, billable in FY2021+) and the services that go with them.
    private static readonly Visit[] Visits =
    [
        new(["J20.9", "R50.9"], ["71046"], []),
        new(["E11.9", "I10", "E78.5"], ["83036", "36415", "80053"], []),
        new(["I10"], ["93000"], []),
        new(["J06.9"], ["87880"], []),
        new(["Z00.00", "Z23"], ["90471", "90686"], []),
        new(["N39.0"], ["81003", "87086"], []),
        new(["J45.909"], ["94640"], ["94640"]),
        new(["M54.2"], ["96372", "J1885"], ["96372"]),
        new(["M25.561", "M17.11"], ["20610"], ["20610"]),
        new(["F41.1"], [], []),
        new(["K21.9", "R10.13"], [], []),
        new(["H66.91"], [], []),
        new(["L03.115"], ["10060"], ["10060"]),
        new(["S93.401A"], ["73610"], []),
        new(["G43.909"], ["96372", "J1885"], ["96372"]),
        new(["E66.9", "Z68.32"], ["85025", "36415"], []),
    ];

    // What the clinic's record says for each diagnosis (SNOMED CT condition codes and displays, as Synthea sends them),
    // so the coder sees a clinical context with suggestions; screening and status codes (Z00.00, Z23, Z68.x) have none.
    private static readonly Dictionary<string, (string Snomed, string Display)> Conditions = new()
    {
        ["J20.9"] = ("10509002", "Acute bronchitis (disorder)"), ["R50.9"] = ("386661006", "Fever (finding)"),
        ["E11.9"] = ("44054006", "Diabetes mellitus type 2 (disorder)"), ["I10"] = ("38341003", "Hypertensive disorder, systemic arterial (disorder)"),
        ["E78.5"] = ("55822004", "Hyperlipidemia (disorder)"), ["J06.9"] = ("54150009", "Upper respiratory infection (disorder)"),
        ["N39.0"] = ("68566005", "Urinary tract infectious disease (disorder)"), ["J45.909"] = ("195967001", "Asthma (disorder)"),
        ["M54.2"] = ("81680005", "Neck pain (finding)"), ["M25.561"] = ("30989003", "Knee pain (finding)"),
        ["M17.11"] = ("239873007", "Osteoarthritis of knee (disorder)"), ["F41.1"] = ("21897009", "Generalized anxiety disorder (disorder)"),
        ["K21.9"] = ("235595009", "Gastroesophageal reflux disease (disorder)"), ["R10.13"] = ("79922009", "Epigastric pain (finding)"),
        ["H66.91"] = ("65363002", "Otitis media (disorder)"), ["L03.115"] = ("128045006", "Cellulitis (disorder)"),
        ["S93.401A"] = ("44465007", "Sprain of ankle (disorder)"), ["G43.909"] = ("37796009", "Migraine (disorder)"),
        ["E66.9"] = ("414916001", "Obesity (disorder)"),
    };

    /// <summary>The demo chargemaster (Data/demo-fee-schedule.csv): the charges of the demo claims and every demo clinic's fee schedule.</summary>
    private static readonly Dictionary<string, decimal> FeeSchedule = ReadDemoFees();

    /// <summary>The demo fee schedule file, as shipped (see Data/README.md: a demo, not real fees).</summary>
    public static string DemoFeeScheduleCsv()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Claims.Demo.Data.demo-fee-schedule.csv")
            ?? throw new InvalidOperationException("The demo fee schedule is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, decimal> ReadDemoFees() =>
        DemoFeeScheduleCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(cells => cells[0], cells => decimal.Parse(cells[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    internal static readonly string[] Taxonomies = ["207Q00000X", "207R00000X", "208000000X", "363LF0000X"];

    /// <summary>Adds clinics and payers when missing, then <paramref name="patients"/> patients with claims.</summary>
    public static async Task<DemoSeedResult> SeedAsync(ClaimsDbContext db, int patients, int seed, TimeProvider time, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (patients is < 0 or > 1_000_000) throw new DomainValidationException("Seed between 0 and 1,000,000 patients.");

        // Mixing in the patients already present lets a second run with the same seed add new, distinct data.
        var existingPatients = await db.Patients.CountAsync(cancellationToken);
        var faker = new Faker("en") { Random = new Randomizer(unchecked(seed + (existingPatients * 7919))) };
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        var (clinics, newClinics) = await EnsureClinicsAsync(db, faker, cancellationToken);
        var (payers, newPayers) = await EnsurePayersAsync(db, cancellationToken);
        var (providers, newProviders) = await EnsureProvidersAsync(db, faker, clinics, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await EnsureFeeSchedulesAsync(db, clinics, cancellationToken);

        var paths = ShortestPaths();
        var stateWeights = Enum.GetValues<ClaimState>().Select(s => (s, Weight(s))).ToArray();
        var byState = Enum.GetValues<ClaimState>().ToDictionary(s => s, _ => 0);
        var claimCount = 0;
        var random = faker.Random;

        for (var p = 0; p < patients; p++)
        {
            var clinic = random.ArrayElement(clinics);
            var sex = random.Bool() ? AdministrativeSex.Female : AdministrativeSex.Male;
            var patient = new Patient(clinic.Id, "PT-" + random.String2(8, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), sex, today.Year - random.Int(1, 92));
            db.Patients.Add(patient);
            // Synthetic names, birth dates and member ids, encrypted like real ones, when the database has a key
            // ring. Drawn from a faker of their own so the claims drawn below stay the same with or without them.
            var people = new Faker("en") { Random = new Randomizer(unchecked(seed + (existingPatients * 7919) + (p * 31) + 1)) };
            var dataKey = db.KeyRing is null ? null : db.Phi.CreatePatientKey(patient.Id);
            var demographics = dataKey is null ? null : Demographics(people, patient);
            if (dataKey is not null) db.Phi.Protect(patient, dataKey, demographics!);

            Coverage? coverage = null;
            if (random.Double() < 0.92)
            {
                var payer = random.ArrayElement(payers);
                coverage = new Coverage(patient.Id, payer.Id, random.Double() < 0.8 ? SubscriberRelationship.Self : SubscriberRelationship.Spouse, today.AddYears(-random.Int(1, 6)), null);
                db.Coverages.Add(coverage);
                if (dataKey is not null)
                {
                    db.Phi.Protect(coverage, dataKey, people.Random.Replace("???#########").ToUpperInvariant());
                    // A dependent's claim names the subscriber (2010BA): the spouse shares the family name here.
                    if (coverage.Relationship != SubscriberRelationship.Self) PhiVault.ProtectSubscriberName(coverage, dataKey, demographics!.FamilyName!, people.Name.FirstName());
                }
            }

            var clinicProviders = providers.Where(x => x.ClinicId == clinic.Id).ToArray();
            for (var c = random.Int(1, 3); c > 0; c--)
            {
                var date = today.AddDays(-random.Int(1, 150));
                var claim = NewClaim(random, clinic, patient, coverage, random.ArrayElement(clinicProviders), date);
                // The payer's deadline, as intake sets it; demo claims arrived in time (the day of service).
                claim.SetFilingDeadline(coverage is null ? date.AddDays(Claim.DefaultFilingDays) : payers.First(x => x.Id == coverage.PayerId).FilingDeadline(date), date);
                var target = random.WeightedRandom(stateWeights.Select(x => x.s).ToArray(), stateWeights.Select(x => x.Item2).ToArray());
                var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
                foreach (var trigger in paths[target])
                {
                    at = at.AddHours(random.Int(2, 60));
                    var reason = ClaimWorkflow.Find(claim.State, trigger)!.NeedsReason ? ReasonFor(trigger) : null;
                    claim.Fire(trigger, Actor.System(ClaimWorkflow.DefaultRole(trigger)) with { Id = $"demo:{ClaimWorkflow.DefaultRole(trigger).ToString().ToLowerInvariant()}" }, reason, at);
                }
                // Completing coding verifies at once (the workbench use case), so no claim waits in Verification.
                if (claim.State == ClaimState.Verification) claim.PassVerification(Actor.System(ClaimRole.Scrubber) with { Id = "demo:scrubber" }, at.AddMinutes(1));
                db.Claims.Add(claim);
                if (claim.State == ClaimState.OnHold && dataKey is not null)
                {
                    // The clinic's Queries page has something to answer: the coder's question, encrypted like a real one.
                    var query = new ClinicQuestion(claim, "demo:coder", claim.History[^1].At);
                    query.Asked(PhiVault.SealQuestionText(dataKey, patient.Id, query, nameof(ClinicQuestion.QuestionCipher), DemoQuestion));
                    db.ClinicQuestions.Add(query);
                }
                var sequence = 0;
                foreach (var dx in claim.Diagnoses.OrderBy(d => d.Sequence))
                {
                    if (!Conditions.TryGetValue(dx.Code.Display, out var condition)) continue;
                    db.ClaimClinicalItems.Add(new ClaimClinicalItem(claim.Id, ++sequence, new ClinicalEntry(ClinicalKind.Condition, "http://snomed.info/sct", condition.Snomed, condition.Display, null)));
                }
                byState[claim.State]++;
                claimCount++;
            }

            if ((p + 1) % 250 == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                progress?.Report(p + 1);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        progress?.Report(patients);
        return new DemoSeedResult(newClinics, newPayers, newProviders, patients, claimCount, byState);
    }

    /// <summary>A synthetic person matching the patient's sex and birth year (Bogus; never a real person).</summary>
    internal static PatientDemographics Demographics(Faker people, Patient patient)
    {
        var gender = patient.Sex == AdministrativeSex.Female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
        var month = people.Random.Int(1, 12);
        var born = new DateOnly(patient.BirthYear, month, people.Random.Int(1, DateTime.DaysInMonth(patient.BirthYear, month)));
        return new PatientDemographics(
            people.Name.LastName(gender),
            people.Name.FirstName(gender),
            born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"{people.Address.StreetAddress()}, {people.Address.City()}, {people.Address.StateAbbr()} {people.Address.ZipCode("#####")}",
            people.Phone.PhoneNumber("###-###-####"),
            "MRN" + people.Random.Replace("########"),
            null);
    }

    internal static Claim NewClaim(Randomizer random, Clinic clinic, Patient patient, Coverage? coverage, Provider rendering, DateOnly date)
    {
        var visit = random.ArrayElement(Visits);
        var placeOfService = PlaceOfService.Parse(random.WeightedRandom(["11", "11", "02", "22"], [0.7f, 0.1f, 0.1f, 0.1f]));
        var claim = new Claim(
            ClaimControlNumber.New(date, n => random.Int(0, n - 1)),
            clinic.Id, patient.Id, coverage?.Id, coverage?.PayerId, clinic.Npi, rendering.Npi, date, date, placeOfService);

        var diagnoses = visit.Diagnoses.Select(code => Icd10Code.Parse(ForAge(code, patient, date))).ToArray();
        claim.SetDiagnoses(diagnoses);
        var allPointers = Enumerable.Range(1, Math.Min(diagnoses.Length, ServiceLine.MaxPointers)).ToArray();

        var evaluation = random.WeightedRandom(["99213", "99214", "99212", "99215", "99203", "99204"], [0.4f, 0.3f, 0.1f, 0.05f, 0.1f, 0.05f]);
        var modifiers = visit.Modifiers25For.Length > 0 ? new[] { Modifier.Parse("25") } : [];
        claim.AddLine(ProcedureCode.Parse(evaluation), modifiers, 1, Money.Of(FeeSchedule[evaluation]), allPointers);
        foreach (var code in visit.Procedures)
        {
            var units = code is "96372" or "J1885" ? random.Int(1, 2) : 1;
            claim.AddLine(ProcedureCode.Parse(code), [], units, Money.Of(FeeSchedule[code]) * units, [1]);
        }
        return claim;
    }

    /// <summary>
    /// Age-specific codes fit the patient (MCE v37 adult 15-124, pediatric 0-17). With only the birth year the age is
    /// one of two values, so "a child" is a visit in the calendar year the patient turns 17 or less: Z00.00 (adult
    /// exam) becomes Z00.129 (child exam). BMI follows ICD-10-CM's Z68 note instead (adult codes from 20, pediatric
    /// percentiles 2-19): Z68.32 becomes Z68.54, the pediatric code that goes with obesity (E66.9).
    /// </summary>
    private static string ForAge(string code, Patient patient, DateOnly serviceDate)
    {
        var turns = serviceDate.Year - patient.BirthYear;
        return code switch
        {
            "Z00.00" when turns <= 17 => "Z00.129",
            "Z68.32" when turns <= 19 => "Z68.54",
            _ => code,
        };
    }

    internal static float Weight(ClaimState state) => state switch
    {
        ClaimState.Received => 0.16f,
        ClaimState.Coding => 0.10f,
        ClaimState.OnHold => 0.05f,
        ClaimState.Verification => 0.04f,
        ClaimState.ReadyToSubmit => 0.08f,
        ClaimState.Submitted => 0.08f,
        ClaimState.Rejected => 0.03f,
        ClaimState.Accepted => 0.06f,
        ClaimState.Paid => 0.14f,
        ClaimState.PartiallyPaid => 0.05f,
        ClaimState.Denied => 0.06f,
        ClaimState.Appealed => 0.03f,
        ClaimState.Closed => 0.10f,
        ClaimState.Voided => 0.02f,
        _ => 0f,
    };

    private const string DemoQuestion = "Please confirm laterality and whether the procedure was separately identifiable.";

    internal static string ReasonFor(ClaimTrigger trigger) => trigger switch
    {
        ClaimTrigger.QueryProvider => ClinicQuestions.HoldReason, // the question itself is kept encrypted with the query
        ClaimTrigger.Appeal => "Medical necessity documented in the visit note; appeal with records.",
        ClaimTrigger.Close => "Small balance write-off per clinic policy.",
        ClaimTrigger.Void => "Submitted to the wrong payer.",
        _ => "Demo reason.",
    };

    /// <summary>The shortest trigger path from Received to every state, found on the workflow table itself.</summary>
    internal static IReadOnlyDictionary<ClaimState, ClaimTrigger[]> ShortestPaths()
    {
        var paths = new Dictionary<ClaimState, ClaimTrigger[]> { [ClaimState.Received] = [] };
        var queue = new Queue<ClaimState>([ClaimState.Received]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in ClaimWorkflow.Transitions.Where(t => t.From == state && !paths.ContainsKey(t.To)))
            {
                paths[t.To] = [.. paths[state], t.Trigger];
                queue.Enqueue(t.To);
            }
        }
        return paths;
    }

    /// <summary>Every demo clinic without a fee schedule gets the demo one, through the import use case.</summary>
    private static async Task EnsureFeeSchedulesAsync(ClaimsDbContext db, Clinic[] clinics, CancellationToken ct)
    {
        var fees = new FeeSchedules(db);
        var seeder = new Caller(new Actor("demo:admin", ClaimRole.Admin), AuditOrigin.Cli);
        foreach (var clinic in clinics)
        {
            if (await db.FeeSchedule.AnyAsync(f => f.ClinicId == clinic.Id, ct)) continue;
            using var reader = new StringReader(DemoFeeScheduleCsv());
            var result = await fees.ImportAsync(clinic.Id, reader, seeder, ct);
            if (result.IsRejected) throw new InvalidOperationException("The demo fee schedule does not import: " + string.Join("; ", result.Errors));
        }
    }

    /// <summary>How far back the demo clinics bill: everything a demo uploads.</summary>
    internal static readonly DateOnly DemoBillFrom = new(1900, 1, 1);

    private static async Task<(Clinic[] All, int Added)> EnsureClinicsAsync(ClaimsDbContext db, Faker faker, CancellationToken ct)
    {
        var existing = await db.Clinics.ToListAsync(ct);
        var added = 0;
        // Addresses come from a faker of their own, so the claims drawn from the main one stay as they were.
        var places = new Faker("en") { Random = new Randomizer(DefaultSeed + 1) };
        foreach (var name in ClinicNames.Where(n => existing.All(c => c.Name != n)))
        {
            var clinic = new Clinic(name, Npi.FromBase(faker.Random.Int(100_000_000, 199_999_999)), faker.Random.ReplaceNumbers("#########"));
            clinic.MoveTo(DemoClinicAddress(places));
            // Demo uploads are Synthea records that go back decades: the demo clinics bill all of it, so a demo shows
            // the old encounters in the billers' past-filing-limit list (an admin can move the date on the clinics page).
            clinic.StartBillingOn(DemoBillFrom);
            db.Clinics.Add(clinic);
            existing.Add(clinic);
            added++;
        }
        return ([.. existing.Where(c => ClinicNames.Contains(c.Name))], added);
    }

    /// <summary>A synthetic street address with a ZIP+4 (no PO box: 837P 2010AA wants where the clinic is).</summary>
    internal static ClinicAddress DemoClinicAddress(Faker faker) =>
        new(faker.Address.StreetAddress(), faker.Address.City(), faker.Address.StateAbbr(), faker.Address.ZipCode("#####") + faker.Random.ReplaceNumbers("####"));

    private static async Task<(Payer[] All, int Added)> EnsurePayersAsync(ClaimsDbContext db, CancellationToken ct)
    {
        var existing = await db.Payers.ToListAsync(ct);
        var added = 0;
        foreach (var (name, id, days, filing) in PayerCatalogue.Where(p => existing.All(e => e.PayerId != p.PayerId)))
        {
            var payer = new Payer(name, id, days, filing);
            db.Payers.Add(payer);
            existing.Add(payer);
            added++;
        }
        return ([.. existing.Where(p => PayerCatalogue.Any(c => c.PayerId == p.PayerId))], added);
    }

    private static async Task<(Provider[] All, int Added)> EnsureProvidersAsync(ClaimsDbContext db, Faker faker, Clinic[] clinics, CancellationToken ct)
    {
        var existing = await db.Providers.ToListAsync(ct);
        var added = 0;
        foreach (var clinic in clinics.Where(c => existing.All(p => p.ClinicId != c.Id)))
        {
            for (var i = 0; i < 4; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{faker.Name.FirstName()} {faker.Name.LastName()}, MD");
                var provider = new Provider(clinic.Id, Npi.FromBase(faker.Random.Int(100_000_000, 199_999_999)), name, faker.Random.ArrayElement(Taxonomies));
                db.Providers.Add(provider);
                existing.Add(provider);
                added++;
            }
        }
        return ([.. existing], added);
    }
}

using System.Globalization;
using Bogus;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Statements;
using Microsoft.EntityFrameworkCore;

namespace Claims.Demo;

/// <summary>
/// Self-pay patients for the biller's Patient statements page: per demo clinic a few uninsured patients whose coded
/// visits pass verification as self-pay and are billed to them through the same use case as the Bill patient button
/// (charges and a SELF transfer in the ledger); one of them has already paid part at the desk. Kept apart from
/// <see cref="DemoSeeder"/> so its claims and ledger stay exactly as they were (tests count them).
/// </summary>
public static class PatientBillingDemo
{
    /// <summary>Self-pay patients added per clinic.</summary>
    public const int PatientsPerClinic = 3;

    private static readonly Caller Biller = new(new Actor("demo:biller", ClaimRole.Biller), new AuditOrigin("demo", null));

    /// <summary>Adds the self-pay patients and their billed claims; returns how many claims were billed to patients.</summary>
    public static async Task<int> SeedAsync(ClaimsDbContext db, TimeProvider time, int seed = DemoSeeder.DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var random = new Randomizer(unchecked(seed + 104_729));
        var people = new Faker("en") { Random = new Randomizer(unchecked(seed + 104_723)) };
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var clinics = await db.Clinics.OrderBy(c => c.Name).Take(3).ToListAsync(cancellationToken);
        var providers = await db.Providers.AsNoTracking().ToListAsync(cancellationToken);
        var billed = new List<Guid>();
        foreach (var clinic in clinics)
        {
            var clinicProviders = providers.Where(p => p.ClinicId == clinic.Id).ToArray();
            if (clinicProviders.Length == 0) continue;
            for (var i = 0; i < PatientsPerClinic; i++)
            {
                var sex = random.Bool() ? AdministrativeSex.Female : AdministrativeSex.Male;
                var patient = new Patient(clinic.Id, "PT-" + random.String2(8, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), sex, today.Year - random.Int(18, 80));
                db.Patients.Add(patient);
                if (db.KeyRing is not null)
                {
                    var key = db.Phi.CreatePatientKey(patient.Id);
                    var gender = sex == AdministrativeSex.Female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
                    db.Phi.Protect(patient, key, new PatientDemographics(people.Name.LastName(gender), people.Name.FirstName(gender),
                        new DateOnly(patient.BirthYear, random.Int(1, 12), random.Int(1, 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        $"{people.Address.StreetAddress()}, {people.Address.City()}, {people.Address.StateAbbr()} {people.Address.ZipCode("#####")}",
                        null, "MRN" + random.Replace("########"), null));
                }
                var date = today.AddDays(-random.Int(5, 120));
                var claim = DemoSeeder.NewClaim(random, clinic, patient, null, random.ArrayElement(clinicProviders), date);
                var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
                claim.Fire(ClaimTrigger.StartCoding, new Actor("demo:coder", ClaimRole.Coder), null, at.AddHours(2));
                claim.CompleteCoding(new Actor("demo:coder", ClaimRole.Coder), at.AddHours(3));
                claim.PassVerification(new Actor("demo:scrubber", ClaimRole.Scrubber), at.AddHours(3), Scrubbing.ClaimVerifier.SelfPayReason);
                db.Claims.Add(claim);
                billed.Add(claim.Id);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var billing = new PatientBilling(db, time);
        foreach (var id in billed) await billing.BillPatientAsync(id, Biller, cancellationToken: cancellationToken);
        db.ChangeTracker.Clear();
        if (billed.Count > 0)
        {
            // One patient paid part at the desk: the page shows a balance that is not the whole charge.
            var first = await db.Claims.AsNoTracking().Where(c => c.Id == billed[0]).Select(c => new { c.PatientId, c.TotalCharge }).SingleAsync(cancellationToken);
            await new PatientPayments(db, time).RecordAsync(
                new PatientPaymentRequest(Math.Max(1, first.TotalCharge.Cents / 4), today, PatientPaymentMethod.Card, "DEMO-AUTH-1", PatientId: first.PatientId), Biller, cancellationToken);
            db.ChangeTracker.Clear();
        }
        return billed.Count;
    }
}

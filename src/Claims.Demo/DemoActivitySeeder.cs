using Bogus;
using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Persistence;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Demo;

/// <summary>
/// Months of synthetic BPO activity for the operations pages (Bogus, fixed seed): every two weeks of the period the demo
/// clinics send encounters, coders code them (a few fail verification first), a biller submits one 837P batch
/// through <see cref="Submissions"/>, the payer simulator answers it, and its 277CA and 835s are posted through
/// <see cref="RemittancePosting"/> a day and two to three weeks later. A clock moved through the past months stamps
/// every step, so charge lag, claim lag, aging and collections have real dates. Answers due after "now" are not
/// posted: those claims stay open, as they would be.
/// </summary>
public static class DemoActivitySeeder
{
    public const int DefaultSeed = 20261201;

    private static readonly string[] Coders = ["coder@demo.claims.local", "coder2@demo.claims.local", "coder3@demo.claims.local"];

    private static readonly Caller Biller = new(new Actor("biller@demo.claims.local", ClaimRole.Biller), new AuditOrigin("demo", null));

    private sealed record Step(DateTimeOffset At, Func<Task> Run);

    /// <summary>
    /// Seeds <paramref name="months"/> months (the current one up to yesterday included) with about
    /// <paramref name="claimsPerWeek"/> encounters a week. <paramref name="open"/> makes a database context on the
    /// given clock (the caller's provider, key ring and audit witness).
    /// </summary>
    public static async Task<DemoActivityResult> SeedAsync(Func<TimeProvider, ClaimsDbContext> open, TimeProvider time, int months = 6, int claimsPerWeek = 12, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(time);
        if (months is < 1 or > 36) throw new DomainValidationException("Seed between 1 and 36 months of activity.");
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, 1, 8, 0, 0, TimeSpan.Zero).AddMonths(-(months - 1));
        var clock = new SteppedClock(start);
        await using var db = open(clock);
        if (db.KeyRing is null) throw new InvalidOperationException("The activity seeder needs a key ring: its patients' data is encrypted like real data.");

        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var random = faker.Random;
        await DemoSeeder.SeedAsync(db, 0, DemoSeeder.DefaultSeed, clock, null, cancellationToken); // the demo clinics, payers, providers
        var clinics = await db.Clinics.AsNoTracking().Where(c => DemoSeeder.ClinicNames.Contains(c.Name)).OrderBy(c => c.Name).ToArrayAsync(cancellationToken);
        var payerIds = DemoSeeder.PayerCatalogue.Select(p => p.PayerId).ToArray();
        var payers = await db.Payers.AsNoTracking().Where(p => payerIds.Contains(p.PayerId)).OrderBy(p => p.PayerId).ToArrayAsync(cancellationToken);
        var providers = await db.Providers.AsNoTracking().ToArrayAsync(cancellationToken);
        var members = await AddPatientsAsync(db, faker, seed, clinics, payers, start, cancellationToken);

        var mailbox = new MemoryMailbox();
        var simulator = new ClearinghouseSimulator(new SimulatorOptions { Seed = seed, DenialRate = 0.1 }, clock);
        var submissions = new Submissions(db, clock, new SubmissionSettings(), mailbox);
        var steps = new PriorityQueue<Step, (DateTimeOffset, int)>();
        var order = 0;
        void Schedule(DateTimeOffset at, Func<Task> run) => steps.Enqueue(new Step(at, run), (at, order++));
        int claims = 0, batches = 0, acknowledgments = 0, remittances = 0;

        // Every two weeks, not every day: each batch costs an 837P, a 277CA and an 835 per payer, and the first start of
        // the web app waits for all of them (about 13 batches for six months keeps it to a few seconds).
        for (var round = start.AddDays(1); round < now.AddDays(-1); round = round.AddDays(14))
        {
            var intakeAt = round;
            Schedule(intakeAt, async () =>
            {
                claims += await IntakeAndCodeAsync(db, random, members, clinics, providers, intakeAt, claimsPerWeek * 2, cancellationToken);
                var submitAt = intakeAt.AddDays(random.Int(2, 4)).AddHours(random.Int(0, 6));
                Schedule(submitAt, async () =>
                {
                    var run = await submissions.CreateBatchesAsync(SubmissionFilter.All, Biller, cancellationToken);
                    if (run.Batch is null) return;
                    batches++;
                    await simulator.AnswerOnceAsync(mailbox, cancellationToken);
                    foreach (var document in await TakeAnswersAsync(mailbox, cancellationToken))
                    {
                        var postAt = document is RemittanceAdvice ? submitAt.AddDays(random.Int(12, 26)) : submitAt.AddDays(1);
                        if (postAt >= now || document is not (RemittanceAdvice or ClaimAcknowledgment)) continue;
                        Schedule(postAt, async () =>
                        {
                            var posting = new RemittancePosting(db, clock);
                            if (document is RemittanceAdvice advice)
                            {
                                await posting.PostAsync(advice, Biller, cancellationToken);
                                remittances++;
                            }
                            else
                            {
                                await posting.PostAsync((ClaimAcknowledgment)document, Biller, cancellationToken);
                                acknowledgments++;
                            }
                        });
                    }
                });
            });
        }

        while (steps.TryDequeue(out var step, out _))
        {
            clock.Now = step.At;
            await step.Run();
            db.ChangeTracker.Clear();
        }
        return new DemoActivityResult(months, members.Count, claims, batches, acknowledgments, remittances);
    }

    private sealed record Member(Clinic Clinic, Patient Patient, Coverage Coverage);

    /// <summary>Patients of the demo clinics, each insured by a demo payer; a few carry a member id the payers' front end rejects (277CA A7).</summary>
    private static async Task<List<Member>> AddPatientsAsync(ClaimsDbContext db, Faker faker, int seed, Clinic[] clinics, Payer[] payers, DateTimeOffset start, CancellationToken ct)
    {
        var random = faker.Random;
        var members = new List<Member>();
        var today = DateOnly.FromDateTime(start.UtcDateTime);
        for (var i = 0; i < 30 * clinics.Length; i++)
        {
            var clinic = clinics[i % clinics.Length];
            var sex = random.Bool() ? AdministrativeSex.Female : AdministrativeSex.Male;
            var patient = new Patient(clinic.Id, "PT-" + random.String2(8, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), sex, today.Year - random.Int(19, 88));
            db.Patients.Add(patient);
            var people = new Faker("en") { Random = new Randomizer(unchecked(seed + (i * 31) + 7)) };
            var dataKey = db.Phi.CreatePatientKey(patient.Id);
            db.Phi.Protect(patient, dataKey, DemoSeeder.Demographics(people, patient));
            var coverage = new Coverage(patient.Id, random.ArrayElement(payers).Id, SubscriberRelationship.Self, today.AddYears(-random.Int(1, 6)), null);
            db.Coverages.Add(coverage);
            // A member id with a hyphen fails the simulated payers' pattern: the claim comes back rejected.
            db.Phi.Protect(coverage, dataKey, random.Double() < 0.06 ? "12-" + random.Replace("##") : random.Replace("???#########").ToUpperInvariant());
            members.Add(new Member(clinic, patient, coverage));
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return members;
    }

    /// <summary>
    /// A fortnight's encounters arrive (dated up to six days before they reach us) and are coded within two days; about one
    /// in twelve fails verification once and is fixed by the coder, so the clean claim rate is not a flat 100%.
    /// </summary>
    private static async Task<int> IntakeAndCodeAsync(ClaimsDbContext db, Randomizer random, List<Member> members, Clinic[] clinics, Provider[] providers, DateTimeOffset at, int perRound, CancellationToken ct)
    {
        var count = Math.Max(1, perRound + random.Int(-perRound / 3, perRound / 3));
        var scrubber = Actor.System(ClaimRole.Scrubber);
        for (var i = 0; i < count; i++)
        {
            var member = random.ListItem(members);
            var clinic = clinics.First(c => c.Id == member.Clinic.Id);
            var rendering = random.ArrayElement(providers.Where(p => p.ClinicId == clinic.Id).ToArray());
            var serviceDate = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-random.Int(0, 6));
            var claim = DemoSeeder.NewClaim(random, clinic, member.Patient, member.Coverage, rendering, serviceDate);
            var coder = new Actor(random.ArrayElement(Coders), ClaimRole.Coder);
            var t = at.AddHours(random.Int(1, 40));
            claim.Fire(ClaimTrigger.StartCoding, coder, null, t);
            t = t.AddMinutes(random.Int(6, 45));
            claim.CompleteCoding(coder, t);
            if (random.Double() < 0.08)
            {
                claim.FailVerification(scrubber, "NCCI-PTP", t.AddMinutes(1));
                t = t.AddMinutes(random.Int(10, 90));
                claim.CompleteCoding(coder, t);
            }
            claim.PassVerification(scrubber, t.AddMinutes(1));
            db.Claims.Add(claim);
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task<List<RemittanceDocument>> TakeAnswersAsync(MemoryMailbox mailbox, CancellationToken ct)
    {
        var documents = new List<RemittanceDocument>();
        foreach (var name in await mailbox.ListAsync(MailboxFolder.Outbound, ct))
        {
            using var stream = new MemoryStream(await mailbox.GetAsync(MailboxFolder.Outbound, name, ct));
            documents.AddRange(RemittanceFile.Read(stream));
            await mailbox.DeleteAsync(MailboxFolder.Outbound, name, ct);
        }
        return documents;
    }
}

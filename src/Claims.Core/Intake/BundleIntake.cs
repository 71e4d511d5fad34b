using System.Security.Cryptography;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Intake;

/// <summary>What happened to a bundle.</summary>
public enum BundleIntakeStatus
{
    /// <summary>Stored: its claims were created or updated (or it had no billable encounter).</summary>
    Ingested,

    /// <summary>Seen before (same Bundle.identifier or same bytes): nothing was created.</summary>
    Duplicate,

    /// <summary>Refused whole: at least one error issue; nothing was stored.</summary>
    Rejected,
}

/// <summary>The outcome of one bundle: status, the claims it made or changed, and every issue found.</summary>
public sealed record BundleIntakeResult(
    BundleIntakeStatus Status,
    Guid? BundleId,
    IReadOnlyList<Guid> CreatedClaimIds,
    IReadOnlyList<Guid> UpdatedClaimIds,
    int UnchangedClaims,
    int PatientsCreated,
    int Resources,
    IReadOnlyList<IntakeIssue> Issues)
{
    public bool IsDuplicate => Status == BundleIntakeStatus.Duplicate;

    public bool IsRejected => Status == BundleIntakeStatus.Rejected;

    public static BundleIntakeResult Rejected(IEnumerable<IntakeIssue> issues, int resources = 0) =>
        new(BundleIntakeStatus.Rejected, null, [], [], 0, 0, resources, issues.ToList());
}

/// <summary>A bundle hashed, parsed, validated and mapped, not yet stored (see <see cref="BundleIntake.Prepare(byte[], IntakeLimits?)"/>).</summary>
public sealed class PreparedBundle
{
    internal PreparedBundle(string contentHash, MappedBundle? mapped, List<IntakeIssue> issues)
    {
        ContentHash = contentHash;
        Mapped = mapped;
        IssueList = issues;
    }

    /// <summary>SHA-256 of the bundle's bytes (hex); empty for a bundle refused unread.</summary>
    public string ContentHash { get; }

    /// <summary>A bundle refused by its size alone, before anyone reads it into memory.</summary>
    public static PreparedBundle TooLarge(IntakeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new PreparedBundle("", null, [FhirBundleReader.TooLarge(limits)]);
    }

    /// <summary>The resources in the bundle; 0 when it could not be read.</summary>
    public int Resources => Mapped?.ResourceCount ?? 0;

    /// <summary>Every issue found while parsing and mapping.</summary>
    public IReadOnlyList<IntakeIssue> Issues => IssueList;

    /// <summary>Whether the bundle has an error and will be rejected whole.</summary>
    public bool HasErrors => Mapped is null;

    internal MappedBundle? Mapped { get; }

    internal List<IntakeIssue> IssueList { get; }
}

/// <summary>
/// FHIR R4 bundle intake: parse, validate, map, and store every billable encounter as a claim, atomically (one
/// SaveChanges, one transaction: all of a bundle's claims or none) and idempotently (the same bundle again is a
/// duplicate; a changed one updates claims still Received and reports a conflict for claims already worked).
/// This is the entry point for <c>POST /fhir</c> and <c>claims ingest</c>.
/// </summary>
public static class BundleIntake
{
    /// <summary>Payers first seen in a bundle get Medicare's 12 months until billing sets the real limit.</summary>
    public const int DefaultTimelyFilingDays = 365;

    /// <summary>
    /// Ingests one bundle for a clinic. Expected failures (a bad bundle, a conflict) come back as a
    /// <see cref="BundleIntakeStatus.Rejected"/> result with issues; an unknown clinic throws
    /// <see cref="NotFoundException"/>. The change tracker is cleared afterwards, so a loop over thousands of
    /// bundles runs in bounded memory. A bundle whose bytes were seen before is answered without parsing it.
    /// </summary>
    public static Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, Stream json, CancellationToken cancellationToken = default) =>
        IngestAsync(db, clinicId, json, IntakeLimits.Default, cancellationToken);

    /// <summary>Ingests one bundle with explicit size and depth limits (the web layer passes its configured maximum).</summary>
    public static async Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, Stream json, IntakeLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(limits);
        var clinic = await FindClinicAsync(db, clinicId, cancellationToken);
        var (bytes, tooLarge) = await FhirBundleReader.ReadAllAsync(json, limits, cancellationToken);
        if (bytes is null) return BundleIntakeResult.Rejected([tooLarge!]);
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await SeenAsync(db, clinicId, contentHash, cancellationToken)) return Duplicate(SameContent);
        return await StoreAsync(db, clinic, Prepare(bytes, contentHash, limits), cancellationToken);
    }

    /// <summary>
    /// Ingests a bundle prepared by <see cref="Prepare(byte[], IntakeLimits?)"/>, so callers that have many bundles
    /// can parse the next one on another core while this one is stored (<c>claims ingest</c> does).
    /// </summary>
    public static async Task<BundleIntakeResult> IngestAsync(ClaimsDbContext db, Guid clinicId, PreparedBundle prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(prepared);
        var clinic = await FindClinicAsync(db, clinicId, cancellationToken);
        if (await SeenAsync(db, clinicId, prepared.ContentHash, cancellationToken)) return Duplicate(SameContent);
        return await StoreAsync(db, clinic, prepared, cancellationToken);
    }

    /// <summary>The CPU-bound half of intake: size limit, hash, parse, validate and map. Touches no database.</summary>
    public static PreparedBundle Prepare(byte[] json, IntakeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= IntakeLimits.Default;
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(json));
        if (json.LongLength > limits.MaxBundleBytes) return PreparedBundle.TooLarge(limits);
        return Prepare(json, contentHash, limits);
    }

    private static PreparedBundle Prepare(byte[] json, string contentHash, IntakeLimits limits)
    {
        var (resource, issues) = FhirBundleReader.Parse(json, limits);
        var mapped = BundleMapper.Map(resource, issues);
        return new PreparedBundle(contentHash, mapped, issues);
    }

    private const string SameContent = "The same bundle (same content) was ingested before; nothing was created.";

    private static async Task<Clinic> FindClinicAsync(ClaimsDbContext db, Guid clinicId, CancellationToken cancellationToken) =>
        await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, cancellationToken)
        ?? throw new NotFoundException($"Clinic {clinicId} does not exist.");

    private static Task<bool> SeenAsync(ClaimsDbContext db, Guid clinicId, string contentHash, CancellationToken cancellationToken) =>
        db.IngestedBundles.AnyAsync(b => b.ClinicId == clinicId && b.ContentHash == contentHash, cancellationToken);

    private static BundleIntakeResult Duplicate(string message) =>
        new(BundleIntakeStatus.Duplicate, null, [], [], 0, 0, 0, [IntakeIssue.Information(IssueCodes.Duplicate, "Bundle", message)]);

    private static async Task<BundleIntakeResult> StoreAsync(ClaimsDbContext db, Clinic clinic, PreparedBundle prepared, CancellationToken cancellationToken)
    {
        var issues = prepared.IssueList.ToList();
        if (prepared.Mapped is not { } mapped) return BundleIntakeResult.Rejected(issues);

        string? identifierHash = null;
        if (mapped.Identifier is not null)
        {
            identifierHash = IntakeSourceKey.Hash(clinic.Id, SourceKind.Bundle, mapped.Identifier);
            if (await db.IngestedBundles.AnyAsync(b => b.ClinicId == clinic.Id && b.IdentifierHash == identifierHash, cancellationToken))
            {
                return Duplicate("A bundle with the same Bundle.identifier was ingested before; nothing was created.");
            }
        }

        // One connection for the handful of lookups and the save (a no-op when the caller already opened it).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await StoreAsync(db, clinic, mapped, prepared.ContentHash, identifierHash, issues, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ForgetDataKeys();
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<BundleIntakeResult> StoreAsync(ClaimsDbContext db, Clinic clinic, MappedBundle mapped, string contentHash, string? identifierHash, List<IntakeIssue> issues, CancellationToken cancellationToken)
    {
        var bundle = new IngestedBundle(clinic.Id, contentHash, identifierHash, mapped.ResourceCount);
        var bundleId = bundle.Id;

        // Patients: recognised by source key, else created with a random pseudonym.
        var patientKeys = mapped.Patients.ToDictionary(p => p.SourceId, p => IntakeSourceKey.Hash(clinic.Id, SourceKind.Patient, p.SourceId, db.KeyRing));
        // Patients stored before source keys were keyed are still found by their plain hash.
        var legacyPatientKeys = db.KeyRing is null ? [] : mapped.Patients.ToDictionary(p => p.SourceId, p => IntakeSourceKey.Hash(clinic.Id, SourceKind.Patient, p.SourceId));
        var encounterKeys = mapped.Encounters.ToDictionary(e => e.SourceId, e => IntakeSourceKey.Hash(clinic.Id, SourceKind.Encounter, e.SourceId));
        // One lookup for every patient and encounter key of the bundle (the hashes include the kind).
        var allHashes = patientKeys.Values.Concat(legacyPatientKeys.Values).Concat(encounterKeys.Values).ToList();
        var knownKeys = await db.IntakeSourceKeys
            .Where(k => k.ClinicId == clinic.Id && allHashes.Contains(k.KeyHash))
            .ToListAsync(cancellationToken);
        var knownPatients = knownKeys.Where(k => k.Kind == SourceKind.Patient).ToDictionary(k => k.KeyHash, k => k.TargetId);
        var knownEncounters = knownKeys.Where(k => k.Kind == SourceKind.Encounter).ToDictionary(k => k.KeyHash);
        var patientIds = new Dictionary<string, Guid>();
        var patientsCreated = 0;
        var newKeys = new List<IntakeSourceKey>();
        foreach (var patient in mapped.Patients)
        {
            var hash = patientKeys[patient.SourceId];
            if (knownPatients.TryGetValue(hash, out var id) || (legacyPatientKeys.TryGetValue(patient.SourceId, out var legacy) && knownPatients.TryGetValue(legacy, out id)))
            {
                patientIds[patient.SourceId] = id;
                continue;
            }
            var newPatient = new Patient(clinic.Id, NewPseudonym(), patient.Sex, patient.BirthYear);
            // PHI is stored only encrypted; a context without a key ring (benchmarks, schema tools) stores none.
            if (db.KeyRing is not null && patient.Phi is { } phi) db.Phi.Protect(newPatient, db.Phi.CreatePatientKey(newPatient.Id), phi);
            db.Patients.Add(newPatient);
            newKeys.Add(new IntakeSourceKey(clinic.Id, SourceKind.Patient, hash, newPatient.Id, null, bundleId));
            patientIds[patient.SourceId] = newPatient.Id;
            patientsCreated++;
        }

        // Payers are shared by all clinics and known by their (electronic or derived) payer id.
        var payerIds = mapped.Encounters.Where(e => e.Payer is not null).Select(e => e.Payer!.PayerId).Distinct().ToList();
        var payers = payerIds.Count == 0 ? [] : await db.Payers.Where(p => payerIds.Contains(p.PayerId)).ToDictionaryAsync(p => p.PayerId, cancellationToken);
        foreach (var payer in mapped.Encounters.Select(e => e.Payer).OfType<MappedPayer>().DistinctBy(p => p.PayerId))
        {
            if (payers.ContainsKey(payer.PayerId)) continue;
            var newPayer = new Payer(payer.Name, payer.PayerId, DefaultTimelyFilingDays);
            db.Payers.Add(newPayer);
            payers[payer.PayerId] = newPayer;
        }

        // Rendering providers of this clinic, by NPI.
        var npis = mapped.Encounters.Select(e => e.Rendering).OfType<MappedProvider>().Select(p => p.Npi).Distinct().ToList();
        var providers = npis.Count == 0 ? [] : await db.Providers.Where(p => p.ClinicId == clinic.Id && npis.Contains(p.Npi)).Select(p => p.Npi).ToListAsync(cancellationToken);
        foreach (var provider in mapped.Encounters.Select(e => e.Rendering).OfType<MappedProvider>().DistinctBy(p => p.Npi))
        {
            if (providers.Contains(provider.Npi)) continue;
            db.Providers.Add(new Provider(clinic.Id, provider.Npi, provider.Name, null));
            providers.Add(provider.Npi);
        }

        // Coverages: one per patient and payer, starting at the earliest service date seen with it.
        var coverageIds = new Dictionary<(Guid Patient, Guid Payer), Guid>();
        var knownPatientIds = patientIds.Values.Where(id => knownPatients.ContainsValue(id)).ToList();
        var existingCoverages = knownPatientIds.Count == 0 || payers.Count == 0 ? [] : await db.Coverages.Where(c => knownPatientIds.Contains(c.PatientId)).Select(c => new { c.Id, c.PatientId, c.PayerId }).ToListAsync(cancellationToken);
        foreach (var c in existingCoverages) coverageIds.TryAdd((c.PatientId, c.PayerId), c.Id);
        foreach (var group in mapped.Encounters.Where(e => e.Payer is not null).GroupBy(e => (Patient: patientIds[e.PatientSourceId], Payer: payers[e.Payer!.PayerId].Id)))
        {
            if (coverageIds.ContainsKey(group.Key)) continue;
            var first = group.OrderBy(e => e.ServiceFrom).First();
            var coverage = new Coverage(group.Key.Patient, group.Key.Payer, first.Relationship, first.ServiceFrom, null);
            var memberId = group.Select(e => e.MemberId).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
            if (db.KeyRing is not null && memberId is not null && await db.Phi.DataKeyAsync(group.Key.Patient, cancellationToken) is { } dataKey)
            {
                db.Phi.Protect(coverage, dataKey, memberId);
            }
            db.Coverages.Add(coverage);
            coverageIds[group.Key] = coverage.Id;
        }

        // Encounters: new ones become claims; known ones update their claim while it is Received.
        var created = new List<Guid>();
        var updated = new List<Guid>();
        var unchanged = 0;
        foreach (var encounter in mapped.Encounters)
        {
            var patientId = patientIds[encounter.PatientSourceId];
            var payerId = encounter.Payer is null ? (Guid?)null : payers[encounter.Payer.PayerId].Id;
            var coverageId = payerId is null ? (Guid?)null : coverageIds[(patientId, payerId.Value)];
            var fingerprint = encounter.Fingerprint();
            if (knownEncounters.TryGetValue(encounterKeys[encounter.SourceId], out var key))
            {
                if (key.Fingerprint == fingerprint)
                {
                    unchanged++;
                    continue;
                }
                var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == key.TargetId, cancellationToken);
                if (claim is null || claim.State != ClaimState.Received)
                {
                    issues.Add(IntakeIssue.Error(IssueCodes.Conflict, encounter.Expression,
                        $"The encounter changed, but its claim {key.TargetId} is {claim?.State.ToString() ?? "gone"}: only a claim still Received takes changes from the clinic. Send a correction through the coder instead."));
                    continue;
                }
                claim.ReplaceSourceData(coverageId, payerId, encounter.Rendering?.Npi, encounter.ServiceFrom, encounter.ServiceTo, encounter.PlaceOfService);
                Fill(claim, encounter);
                // Loaded and removed (not ExecuteDelete) so the delete joins the one SaveChanges transaction.
                db.ClaimClinicalItems.RemoveRange(await db.ClaimClinicalItems.Where(i => i.ClaimId == claim.Id).ToListAsync(cancellationToken));
                AddContext(db, claim.Id, encounter);
                key.Changed(fingerprint, bundleId);
                updated.Add(claim.Id);
                continue;
            }

            var fresh = new Claim(
                ClaimControlNumber.New(encounter.ServiceFrom, RandomNumberGenerator.GetInt32),
                clinic.Id, patientId, coverageId, payerId, clinic.Npi, encounter.Rendering?.Npi,
                encounter.ServiceFrom, encounter.ServiceTo, encounter.PlaceOfService);
            Fill(fresh, encounter);
            db.Claims.Add(fresh);
            AddContext(db, fresh.Id, encounter);
            newKeys.Add(new IntakeSourceKey(clinic.Id, SourceKind.Encounter, encounterKeys[encounter.SourceId], fresh.Id, fingerprint, bundleId));
            created.Add(fresh.Id);
        }

        if (issues.Any(i => i.IsError))
        {
            // Nothing has been saved yet; dropping the tracked changes keeps the bundle all-or-nothing.
            db.ChangeTracker.Clear();
            return BundleIntakeResult.Rejected(issues, mapped.ResourceCount);
        }

        bundle.Counted(created.Count, updated.Count);
        db.IngestedBundles.Add(bundle);
        db.IntakeSourceKeys.AddRange(newKeys);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A unique index caught a race: the same bundle, or another bundle for the same patient or encounter,
            // was stored by a concurrent request between our lookups and this save. Nothing of ours was written.
            db.ChangeTracker.Clear();
            if (await SeenAsync(db, clinic.Id, contentHash, cancellationToken)) return Duplicate(SameContent);
            issues.Add(IntakeIssue.Error(IssueCodes.Conflict, "Bundle", "Another bundle for the same patient or encounter was stored at the same moment; send this one again."));
            return BundleIntakeResult.Rejected(issues, mapped.ResourceCount);
        }
        return new BundleIntakeResult(BundleIntakeStatus.Ingested, bundleId, created, updated, unchanged, patientsCreated, mapped.ResourceCount, issues);
    }

    private static void Fill(Claim claim, MappedEncounter encounter)
    {
        claim.SetDiagnoses(encounter.Diagnoses);
        foreach (var line in encounter.Lines)
        {
            claim.AddLine(line.Code, line.Modifiers, line.Units, line.Charge, line.DiagnosisPointers, line.ServiceDate);
        }
    }

    private static void AddContext(ClaimsDbContext db, Guid claimId, MappedEncounter encounter)
    {
        for (var i = 0; i < encounter.Context.Count; i++)
        {
            db.ClaimClinicalItems.Add(new ClaimClinicalItem(claimId, i + 1, encounter.Context[i]));
        }
    }

    private static string NewPseudonym()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> tail = stackalloc char[8];
        for (var i = 0; i < tail.Length; i++) tail[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return "PT-" + new string(tail);
    }
}

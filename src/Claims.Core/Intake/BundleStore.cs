using System.Security.Cryptography;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Intake;

/// <summary>
/// Writes one mapped bundle into the context, step by step (patients, payers, providers, coverages, claims), and saves
/// it with its upload's audit entry in one SaveChanges. Recognises what the clinic sent before by source keys, so a
/// repeated encounter is left alone and a changed one updates its claim while the claim is still Received.
/// One instance per attempt: its lookups belong to the moment they were made.
/// </summary>
internal sealed class BundleStore(ClaimsDbContext db, Clinic clinic, MappedBundle mapped, string contentHash, string? identifierHash, IReadOnlyList<IntakeIssue> preparedIssues, Caller caller)
{
    private readonly IngestedBundle _bundle = new(clinic.Id, contentHash, identifierHash, mapped.ResourceCount);
    private readonly List<IntakeIssue> _issues = [.. preparedIssues];
    private readonly List<IntakeSourceKey> _newKeys = [];
    private readonly List<ClaimClinicalItem> _newItems = [];
    private readonly Dictionary<string, Guid> _patientIds = new(StringComparer.Ordinal);
    private readonly List<Guid> _created = [];
    private readonly List<Guid> _updated = [];
    private Dictionary<string, string> _patientKeys = [];
    private Dictionary<string, string> _legacyPatientKeys = [];
    private Dictionary<string, string> _encounterKeys = [];
    private Dictionary<string, Guid> _knownPatients = [];
    private Dictionary<string, IntakeSourceKey> _knownEncounters = [];
    private Dictionary<string, Payer> _payers = [];
    private readonly Dictionary<(Guid Patient, Guid Payer), Guid> _coverageIds = [];
    private int _patientsCreated;
    private int _unchanged;
    private int _pastFilingLimit;

    public async Task<BundleIntakeResult> SaveAsync(CancellationToken cancellationToken)
    {
        await LookUpSourceKeysAsync(cancellationToken);
        AddNewPatients();
        await AddHistoryAsync(cancellationToken);
        await AddNewPayersAsync(cancellationToken);
        await AddNewProvidersAsync(cancellationToken);
        await AddNewCoveragesAsync(cancellationToken);
        await AddOrUpdateClaimsAsync(cancellationToken);
        if (_pastFilingLimit > 0) _issues.Add(PastFilingLimitIssue(_pastFilingLimit));

        if (_issues.Any(i => i.IsError))
        {
            // Nothing has been saved yet; dropping the tracked changes keeps the bundle all-or-nothing.
            db.ChangeTracker.Clear();
            return BundleIntakeResult.Rejected(_issues, mapped.ResourceCount);
        }

        _bundle.Counted(_created.Count, _updated.Count);
        db.IngestedBundles.Add(_bundle);
        // Keys and clinical items are written once and never read back here: inserted in bulk, untracked, in the same
        // transaction as the claims they point at (after them) and the upload's audit entry.
        db.InsertUntracked(_newKeys);
        db.InsertUntracked(_newItems);
        var result = new BundleIntakeResult(BundleIntakeStatus.Ingested, _bundle.Id, _created, _updated, _unchanged, _patientsCreated, mapped.ResourceCount, IntakeIssues.Ordered(_issues))
        {
            HistoryEncounters = mapped.History.Count,
            PastFilingLimit = _pastFilingLimit,
        };
        db.Audit(BundleIntake.UploadRecord(caller, result.Status, _bundle.Id, BundleIntake.Details(result)));
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>One lookup for every patient and encounter key of the bundle (the hashes include the kind).</summary>
    private async Task LookUpSourceKeysAsync(CancellationToken cancellationToken)
    {
        _patientKeys = mapped.Patients.ToDictionary(p => p.SourceId, p => IntakeSourceKey.Hash(clinic.Id, SourceKind.Patient, p.SourceId, db.KeyRing));
        // Patients stored before source keys were keyed are still found by their plain hash.
        _legacyPatientKeys = db.KeyRing is null ? [] : mapped.Patients.ToDictionary(p => p.SourceId, p => IntakeSourceKey.Hash(clinic.Id, SourceKind.Patient, p.SourceId));
        _encounterKeys = mapped.Encounters.ToDictionary(e => e.SourceId, e => IntakeSourceKey.Hash(clinic.Id, SourceKind.Encounter, e.SourceId));
        var allHashes = _patientKeys.Values.Concat(_legacyPatientKeys.Values).Concat(_encounterKeys.Values).ToList();
        var knownKeys = await db.IntakeSourceKeys
            .Where(k => k.ClinicId == clinic.Id && allHashes.Contains(k.KeyHash))
            .ToListAsync(cancellationToken);
        _knownPatients = knownKeys.Where(k => k.Kind == SourceKind.Patient).ToDictionary(k => k.KeyHash, k => k.TargetId);
        _knownEncounters = knownKeys.Where(k => k.Kind == SourceKind.Encounter).ToDictionary(k => k.KeyHash);
    }

    /// <summary>Patients are recognised by source key, else created with a random pseudonym and their PHI encrypted.</summary>
    private void AddNewPatients()
    {
        foreach (var patient in mapped.Patients)
        {
            var hash = _patientKeys[patient.SourceId];
            if (_knownPatients.TryGetValue(hash, out var id) || (_legacyPatientKeys.TryGetValue(patient.SourceId, out var legacy) && _knownPatients.TryGetValue(legacy, out id)))
            {
                _patientIds[patient.SourceId] = id;
                continue;
            }
            var newPatient = new Patient(clinic.Id, NewPseudonym(), patient.Sex, patient.BirthYear);
            // PHI is stored only encrypted; a context without a key ring (benchmarks, schema tools) stores none.
            if (db.KeyRing is not null && patient.Phi is { } phi) db.Phi.Protect(newPatient, db.Phi.CreatePatientKey(newPatient.Id), phi);
            db.Patients.Add(newPatient);
            _newKeys.Add(new IntakeSourceKey(clinic.Id, SourceKind.Patient, hash, newPatient.Id, null, _bundle.Id));
            _patientIds[patient.SourceId] = newPatient.Id;
            _patientsCreated++;
        }
    }

    /// <summary>
    /// Encounters before the clinic's bill-from date are kept as clinical history for the coders (once: a history row is
    /// known by the encounter's source key).
    /// </summary>
    private async Task AddHistoryAsync(CancellationToken cancellationToken)
    {
        if (mapped.History.Count == 0) return;
        var keys = mapped.History.DistinctBy(e => e.SourceId).ToDictionary(e => e.SourceId, e => IntakeSourceKey.Hash(clinic.Id, SourceKind.Encounter, e.SourceId));
        var hashes = keys.Values.ToList();
        var known = (await db.ClinicalHistory.Where(h => h.ClinicId == clinic.Id && hashes.Contains(h.SourceKeyHash)).Select(h => h.SourceKeyHash).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (sourceId, hash) in keys)
        {
            if (known.Contains(hash)) continue;
            var encounter = mapped.History.First(e => e.SourceId == sourceId);
            db.ClinicalHistory.Add(new ClinicalHistoryEncounter(clinic.Id, _patientIds[encounter.PatientSourceId], hash, encounter));
        }
    }

    private static IntakeIssue PastFilingLimitIssue(int count) => IntakeIssue.Information(IssueCodes.Informational, "Bundle.entry",
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{count} claim(s) are already past their payer's timely filing limit (by default 365 days from the date of service): they wait in the billers' 'Past the filing limit' list to be written off (CO-29) or released with proof of timely filing, not in the coders' queue."));

    /// <summary>Payers are shared by all clinics and known by their (electronic or derived) payer id.</summary>
    private async Task AddNewPayersAsync(CancellationToken cancellationToken)
    {
        var payerIds = mapped.Encounters.Where(e => e.Payer is not null).Select(e => e.Payer!.PayerId).Distinct().ToList();
        _payers = payerIds.Count == 0 ? [] : await db.Payers.Where(p => payerIds.Contains(p.PayerId)).ToDictionaryAsync(p => p.PayerId, cancellationToken);
        foreach (var payer in mapped.Encounters.Select(e => e.Payer).OfType<MappedPayer>().DistinctBy(p => p.PayerId))
        {
            if (_payers.ContainsKey(payer.PayerId)) continue;
            var newPayer = new Payer(payer.Name, payer.PayerId, BundleIntake.DefaultTimelyFilingDays);
            db.Payers.Add(newPayer);
            _payers[payer.PayerId] = newPayer;
        }
    }

    /// <summary>Rendering providers of this clinic, by NPI.</summary>
    private async Task AddNewProvidersAsync(CancellationToken cancellationToken)
    {
        var npis = mapped.Encounters.Select(e => e.Rendering).OfType<MappedProvider>().Select(p => p.Npi).Distinct().ToList();
        var known = npis.Count == 0 ? [] : await db.Providers.Where(p => p.ClinicId == clinic.Id && npis.Contains(p.Npi)).Select(p => p.Npi).ToListAsync(cancellationToken);
        foreach (var provider in mapped.Encounters.Select(e => e.Rendering).OfType<MappedProvider>().DistinctBy(p => p.Npi))
        {
            if (known.Contains(provider.Npi)) continue;
            db.Providers.Add(new Provider(clinic.Id, provider.Npi, provider.Name, null));
            known.Add(provider.Npi);
        }
    }

    /// <summary>One coverage per patient and payer, starting at the earliest service date seen with it; the member id encrypted.</summary>
    private async Task AddNewCoveragesAsync(CancellationToken cancellationToken)
    {
        var knownPatientIds = _patientIds.Values.Where(id => _knownPatients.ContainsValue(id)).ToList();
        var existing = knownPatientIds.Count == 0 || _payers.Count == 0 ? [] : await db.Coverages.Where(c => knownPatientIds.Contains(c.PatientId)).Select(c => new { c.Id, c.PatientId, c.PayerId }).ToListAsync(cancellationToken);
        foreach (var c in existing) _coverageIds.TryAdd((c.PatientId, c.PayerId), c.Id);
        foreach (var group in mapped.Encounters.Where(e => e.Payer is not null).GroupBy(e => (Patient: _patientIds[e.PatientSourceId], Payer: _payers[e.Payer!.PayerId].Id)))
        {
            if (_coverageIds.ContainsKey(group.Key)) continue;
            var first = group.OrderBy(e => e.ServiceFrom).First();
            var coverage = new Coverage(group.Key.Patient, group.Key.Payer, first.Relationship, first.ServiceFrom, null);
            var memberId = group.Select(e => e.MemberId).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
            if (db.KeyRing is not null && memberId is not null && await db.Phi.DataKeyAsync(group.Key.Patient, cancellationToken) is { } dataKey)
            {
                db.Phi.Protect(coverage, dataKey, memberId);
            }
            db.Coverages.Add(coverage);
            _coverageIds[group.Key] = coverage.Id;
        }
    }

    /// <summary>New encounters become claims; known ones are left alone when unchanged, else update their claim while it is Received.</summary>
    private async Task AddOrUpdateClaimsAsync(CancellationToken cancellationToken)
    {
        foreach (var encounter in mapped.Encounters)
        {
            var patientId = _patientIds[encounter.PatientSourceId];
            var payerId = encounter.Payer is null ? (Guid?)null : _payers[encounter.Payer.PayerId].Id;
            var coverageId = payerId is null ? (Guid?)null : _coverageIds[(patientId, payerId.Value)];
            if (_knownEncounters.TryGetValue(_encounterKeys[encounter.SourceId], out var key))
            {
                await UpdateClaimAsync(encounter, key, coverageId, payerId, cancellationToken);
            }
            else
            {
                AddClaim(encounter, patientId, coverageId, payerId);
            }
        }
    }

    private void AddClaim(MappedEncounter encounter, Guid patientId, Guid? coverageId, Guid? payerId)
    {
        var claim = new Claim(
            ClaimControlNumber.New(encounter.ServiceFrom, RandomNumberGenerator.GetInt32),
            clinic.Id, patientId, coverageId, payerId, clinic.Npi, encounter.Rendering?.Npi,
            encounter.ServiceFrom, encounter.ServiceTo, encounter.PlaceOfService);
        Fill(claim, encounter);
        SetFilingDeadline(claim, payerId);
        db.Claims.Add(claim);
        AddContext(claim.Id, encounter);
        _newKeys.Add(new IntakeSourceKey(clinic.Id, SourceKind.Encounter, _encounterKeys[encounter.SourceId], claim.Id, encounter.Fingerprint(), _bundle.Id));
        _created.Add(claim.Id);
    }

    private async Task UpdateClaimAsync(MappedEncounter encounter, IntakeSourceKey key, Guid? coverageId, Guid? payerId, CancellationToken cancellationToken)
    {
        var fingerprint = encounter.Fingerprint();
        if (key.Fingerprint == fingerprint)
        {
            _unchanged++;
            return;
        }
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == key.TargetId, cancellationToken);
        if (claim is null || claim.State != ClaimState.Received)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Conflict, encounter.Expression,
                $"The encounter changed, but its claim {key.TargetId} is {claim?.State.ToString() ?? "gone"}: only a claim still Received takes changes from the clinic. Send a correction through the coder instead."));
            return;
        }
        claim.ReplaceSourceData(coverageId, payerId, encounter.Rendering?.Npi, encounter.ServiceFrom, encounter.ServiceTo, encounter.PlaceOfService);
        Fill(claim, encounter);
        SetFilingDeadline(claim, payerId);
        // Loaded and removed (not ExecuteDelete) so the delete joins the one SaveChanges transaction.
        // The new items are inserted after SaveChanges has run this delete, in the same transaction.
        db.ClaimClinicalItems.RemoveRange(await db.ClaimClinicalItems.Where(i => i.ClaimId == claim.Id).ToListAsync(cancellationToken));
        AddContext(claim.Id, encounter);
        key.Changed(fingerprint, _bundle.Id);
        _updated.Add(claim.Id);
    }

    /// <summary>The payer's deadline (self-pay: the default limit, for ordering only); a claim already past it waits for a biller.</summary>
    private void SetFilingDeadline(Claim claim, Guid? payerId)
    {
        var days = payerId is null ? BundleIntake.DefaultTimelyFilingDays : _payers.Values.First(p => p.Id == payerId).TimelyFilingDays;
        claim.SetFilingDeadline(claim.ServiceFrom.AddDays(days), mapped.Today);
        if (claim.PastFilingLimit) _pastFilingLimit++;
    }

    private static void Fill(Claim claim, MappedEncounter encounter)
    {
        claim.SetDiagnoses(encounter.Diagnoses);
        foreach (var line in encounter.Lines)
        {
            claim.AddLine(line.Code, line.Modifiers, line.Units, line.Charge, line.DiagnosisPointers, line.ServiceDate);
        }
    }

    private void AddContext(Guid claimId, MappedEncounter encounter)
    {
        for (var i = 0; i < encounter.Context.Count; i++)
        {
            _newItems.Add(new ClaimClinicalItem(claimId, i + 1, encounter.Context[i]));
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

using System.Globalization;
using System.Text;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Security;

/// <summary>
/// Field-level encryption for one unit of work (one <see cref="ClaimsDbContext"/>): creates, unwraps and caches
/// patients' data keys, seals and opens PHI columns, and computes blind indexes. Unwrapped keys live only as long
/// as the context.
/// </summary>
public sealed class PhiVault
{
    /// <summary>Blind indexes keep 16 of HMAC-SHA256's 32 bytes: enough to avoid collisions, less to attack.</summary>
    public const int BlindIndexBytes = 16;

    private readonly ClaimsDbContext _db;
    private readonly IKeyRing _keyRing;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, byte[]?> _keys = [];

    internal PhiVault(ClaimsDbContext db, IKeyRing keyRing, TimeProvider time)
    {
        _db = db;
        _keyRing = keyRing;
        _time = time;
    }

    /// <summary>Creates, wraps and queues (for the next SaveChanges) a new data key for a patient.</summary>
    public byte[] CreatePatientKey(Guid patientId)
    {
        var dataKey = PhiCipher.NewDataKey();
        var (wrapped, kekId) = _keyRing.WrapDataKey(dataKey);
        _db.PatientKeys.Add(new PatientKey(patientId, kekId, wrapped, _time.GetUtcNow()));
        _keys[patientId] = dataKey;
        return dataKey;
    }

    /// <summary>The patient's unwrapped data key; null when it was destroyed (erased) or never made.</summary>
    public async Task<byte[]?> DataKeyAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (_keys.TryGetValue(patientId, out var cached)) return cached;
        var row = await _db.PatientKeys.AsNoTracking().FirstOrDefaultAsync(k => k.PatientId == patientId, cancellationToken);
        var key = row?.WrappedKey is { } wrapped ? _keyRing.UnwrapDataKey(row.KekId, wrapped) : null;
        _keys[patientId] = key;
        return key;
    }

    /// <summary>
    /// The patient's data key for sealing new PHI: unwrapped when it exists, made (and queued for the next SaveChanges)
    /// when the patient has none yet (one stored without identifying data, such as a demo patient); null when the
    /// patient was erased, since nothing new about them may be written under a destroyed key.
    /// </summary>
    public async Task<byte[]?> DataKeyForSealingAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (_keys.TryGetValue(patientId, out var cached) && cached is not null) return cached;
        var exists = await _db.PatientKeys.AsNoTracking().AnyAsync(k => k.PatientId == patientId, cancellationToken);
        return exists ? await DataKeyAsync(patientId, cancellationToken) : CreatePatientKey(patientId);
    }

    /// <summary>Forgets a cached key (after erasure).</summary>
    internal void Forget(Guid patientId) => _keys.Remove(patientId);

    /// <summary>Forgets every cached key (intake does after each bundle, so a long run holds few keys in memory).</summary>
    internal void ForgetAll() => _keys.Clear();

    /// <summary>Encrypts the patient's demographics into its columns and sets its blind indexes.</summary>
    public void Protect(Patient patient, ReadOnlySpan<byte> dataKey, PatientDemographics phi)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(phi);
        var key = dataKey.ToArray();
        byte[]? Seal(string column, string? value) => value is null ? null : PhiCipher.Seal(key, patient.Id, new PhiCell(PatientTable, column, patient.Id), value);
        patient.Protect(
            Seal(nameof(Patient.FamilyNameCipher), phi.FamilyName),
            Seal(nameof(Patient.GivenNamesCipher), phi.GivenNames),
            Seal(nameof(Patient.BirthDateCipher), phi.BirthDate),
            Seal(nameof(Patient.AddressCipher), phi.Address),
            Seal(nameof(Patient.TelecomCipher), phi.Telecom),
            Seal(nameof(Patient.MrnCipher), phi.Mrn),
            Seal(nameof(Patient.OtherIdentifiersCipher), phi.OtherIdentifiers),
            NameBirthIndex(phi.FamilyName, phi.BirthDate),
            MrnIndex(phi.Mrn));
    }

    /// <summary>Encrypts a coverage's member (subscriber) id under its patient's key and sets its blind index.</summary>
    public void Protect(Coverage coverage, ReadOnlySpan<byte> dataKey, string? memberId)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (string.IsNullOrWhiteSpace(memberId)) return;
        coverage.ProtectMemberId(PhiCipher.Seal(dataKey, coverage.PatientId, new PhiCell(CoverageTable, nameof(Coverage.MemberIdCipher), coverage.Id), memberId.Trim()), MemberIdIndex(memberId));
    }

    /// <summary>Encrypts the subscriber's name on a coverage whose subscriber is not the patient (2010BA for a dependent).</summary>
    public static void ProtectSubscriberName(Coverage coverage, ReadOnlySpan<byte> dataKey, string familyName, string givenName)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (string.IsNullOrWhiteSpace(familyName)) throw new DomainValidationException("A subscriber has a family name.");
        coverage.ProtectSubscriberName(PhiCipher.Seal(dataKey, coverage.PatientId, new PhiCell(CoverageTable, nameof(Coverage.SubscriberNameCipher), coverage.Id), $"{familyName.Trim()}|{givenName?.Trim()}"));
    }

    /// <summary>The subscriber's (family, given) name of a dependent's coverage; null when none is stored or the patient was erased.</summary>
    public async Task<(string Family, string Given)?> RevealSubscriberNameAsync(Coverage coverage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.SubscriberNameCipher is null || await DataKeyAsync(coverage.PatientId, cancellationToken) is not { } key) return null;
        var text = PhiCipher.Open(key, new PhiCell(CoverageTable, nameof(Coverage.SubscriberNameCipher), coverage.Id), coverage.SubscriberNameCipher);
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (text, "") : (text[..bar], text[(bar + 1)..]);
    }

    /// <summary>The patient's demographics, decrypted; null when the patient was erased (its key destroyed).</summary>
    public async Task<PatientDemographics?> RevealAsync(Patient patient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (await DataKeyAsync(patient.Id, cancellationToken) is not { } key) return null;
        string? Open(string column, byte[]? value) => value is null ? null : PhiCipher.Open(key, new PhiCell(PatientTable, column, patient.Id), value);
        return new PatientDemographics(
            Open(nameof(Patient.FamilyNameCipher), patient.FamilyNameCipher),
            Open(nameof(Patient.GivenNamesCipher), patient.GivenNamesCipher),
            Open(nameof(Patient.BirthDateCipher), patient.BirthDateCipher),
            Open(nameof(Patient.AddressCipher), patient.AddressCipher),
            Open(nameof(Patient.TelecomCipher), patient.TelecomCipher),
            Open(nameof(Patient.MrnCipher), patient.MrnCipher),
            Open(nameof(Patient.OtherIdentifiersCipher), patient.OtherIdentifiersCipher));
    }

    /// <summary>The member id of a coverage, decrypted; null when there is none or the patient was erased.</summary>
    public async Task<string?> RevealMemberIdAsync(Coverage coverage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.MemberIdCipher is null || await DataKeyAsync(coverage.PatientId, cancellationToken) is not { } key) return null;
        return PhiCipher.Open(key, new PhiCell(CoverageTable, nameof(Coverage.MemberIdCipher), coverage.Id), coverage.MemberIdCipher);
    }

    /// <summary>Encrypts a query's question or answer (<paramref name="column"/>) under its patient's key, bound to the query's row.</summary>
    public static byte[] SealQuestionText(ReadOnlySpan<byte> dataKey, Guid patientId, ClinicQuestion query, string column, string text)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PhiCipher.Seal(dataKey, patientId, new PhiCell(ClinicQuestionTable, column, query.Id), text);
    }

    /// <summary>
    /// A query's question and answer, decrypted; null when the patient was erased (its key destroyed): the text is
    /// then gone for good. A ciphertext moved, damaged or under another key throws <see cref="PhiDecryptionException"/>.
    /// </summary>
    public async Task<(string Question, string? Answer)?> RevealAsync(ClinicQuestion query, Guid patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await DataKeyAsync(patientId, cancellationToken) is not { } key) return null;
        var question = PhiCipher.Open(key, new PhiCell(ClinicQuestionTable, nameof(ClinicQuestion.QuestionCipher), query.Id), query.QuestionCipher);
        var answer = query.AnswerCipher is null ? null : PhiCipher.Open(key, new PhiCell(ClinicQuestionTable, nameof(ClinicQuestion.AnswerCipher), query.Id), query.AnswerCipher);
        return (question, answer);
    }

    /// <summary>Blind index of a member id (upper-cased, trimmed).</summary>
    public string? MemberIdIndex(string? memberId) => string.IsNullOrWhiteSpace(memberId) ? null : BlindIndex("member-id", memberId);

    /// <summary>Blind index of a medical record number (upper-cased, trimmed).</summary>
    public string? MrnIndex(string? mrn) => string.IsNullOrWhiteSpace(mrn) ? null : BlindIndex("mrn", mrn);

    /// <summary>Blind index of family name and birth date (YYYY-MM-DD) together.</summary>
    public string? NameBirthIndex(string? familyName, string? birthDate) =>
        string.IsNullOrWhiteSpace(familyName) || string.IsNullOrWhiteSpace(birthDate) ? null : BlindIndex("name-birth", familyName, birthDate);

    private string BlindIndex(string purpose, params string[] parts)
    {
        // The purpose is part of the message, so equal values in different fields do not share an index value.
        var text = new StringBuilder(purpose);
        foreach (var part in parts) text.Append('|').Append(Normalise(part));
        var mac = _keyRing.BlindIndex(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(mac.AsSpan(0, BlindIndexBytes));
    }

    private static string Normalise(string value) => value.Trim().ToUpper(CultureInfo.InvariantCulture);

    internal const string PatientTable = "patients";
    internal const string CoverageTable = "coverages";
    internal const string ClinicQuestionTable = "clinic_questions";
}

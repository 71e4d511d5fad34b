using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Scrubbing;

/// <summary>
/// What the scrubber needs to judge stored claims, read in a few queries: the patients (sex, birth year), payers,
/// coverages, and the same patients' other live claims for the DUPLICATE edit. The CLI's <c>scrub</c>, the
/// workbench's live findings and verification after coding all read claims through this one place.
/// </summary>
public sealed class StoredClaimInputs
{
    private readonly Dictionary<Guid, Patient> _patients;
    private readonly Dictionary<Guid, Payer> _payers;
    private readonly Dictionary<Guid, Coverage> _coverages;

    private StoredClaimInputs(Dictionary<Guid, Patient> patients, Dictionary<Guid, Payer> payers, Dictionary<Guid, Coverage> coverages)
    {
        _patients = patients;
        _payers = payers;
        _coverages = coverages;
        Duplicates = DuplicateIndex.Empty;
    }

    /// <summary>The patients' other claims that are not voided, for <see cref="Scrubber.Scrub"/>'s duplicate check.</summary>
    public DuplicateIndex Duplicates { get; private set; }

    /// <summary>
    /// Loads the inputs for <paramref name="claims"/>. When <paramref name="claimsAreAll"/> the claims themselves are
    /// the duplicate universe (a scrub of everything); otherwise the patients' stored claims are read.
    /// </summary>
    public static async Task<StoredClaimInputs> LoadAsync(ClaimsDbContext db, IReadOnlyCollection<Claim> claims, bool claimsAreAll = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claims);
        var patientIds = claims.Select(c => c.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var payers = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var coverages = await db.Coverages.AsNoTracking().Where(c => patientIds.Contains(c.PatientId)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var inputs = new StoredClaimInputs(patients, payers, coverages);
        IReadOnlyCollection<Claim> siblings = claimsAreAll
            ? claims
            : await db.Claims.AsNoTracking().Where(c => patientIds.Contains(c.PatientId) && c.State != ClaimState.Voided).ToListAsync(cancellationToken);
        // The claims in hand win over their stored copies: a coder's unsaved edit is what is being judged.
        var inHand = claims.Select(c => c.Id).ToHashSet();
        inputs.Duplicates = new DuplicateIndex(siblings.Where(s => !inHand.Contains(s.Id)).Concat(claims).Select(inputs.For));
        return inputs;
    }

    /// <summary>The pseudonym of a claim's patient, for audit entries.</summary>
    public string? Pseudonym(Claim claim) => _patients.GetValueOrDefault(claim.PatientId)?.Pseudonym;

    /// <summary>The scrubber's view of one claim loaded here.</summary>
    public ScrubClaim For(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ScrubInputs.FromClaim(
            claim,
            _patients.GetValueOrDefault(claim.PatientId),
            claim.PayerId is { } payer ? _payers.GetValueOrDefault(payer) : null,
            claim.CoverageId is { } coverage ? _coverages.GetValueOrDefault(coverage) : null,
            hasSubscriberId: claim.CoverageId is not null); // the member id itself is PHI, stored encrypted with the coverage
    }
}

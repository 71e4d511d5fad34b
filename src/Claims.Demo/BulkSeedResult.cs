using Claims.Domain;

namespace Claims.Demo;

/// <summary>What a bulk seed wrote: the clinics and payers (for filters) and the claims per state.</summary>
public sealed record BulkSeedResult(IReadOnlyList<Guid> ClinicIds, IReadOnlyList<Guid> PayerIds, int Patients, int Claims, IReadOnlyDictionary<ClaimState, int> ClaimsByState);

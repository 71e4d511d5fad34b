using Claims.Domain;

namespace Claims.Demo;

/// <summary>What a seed run added.</summary>
public sealed record DemoSeedResult(int Clinics, int Payers, int Providers, int Patients, int Claims, IReadOnlyDictionary<ClaimState, int> ClaimsByState);

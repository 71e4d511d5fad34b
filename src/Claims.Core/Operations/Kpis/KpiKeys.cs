namespace Claims.Operations.Kpis;

/// <summary>The KPIs' stable keys (URLs, JSON, tests).</summary>
public static class KpiKeys
{
    public const string CleanClaimRate = "clean-claim-rate";
    public const string FirstPassAcceptance = "first-pass-acceptance";
    public const string DenialRate = "denial-rate";
    public const string DenialRateDollars = "denial-rate-dollars";
    public const string DaysInAr = "days-in-ar";
    public const string ArOver90 = "ar-over-90";
    public const string NetCollectionRate = "net-collection-rate";
    public const string ChargeLag = "charge-lag";
    public const string ClaimLag = "claim-lag";
    public const string CodingAccuracy = "coding-accuracy";

    public static IReadOnlyList<string> All { get; } =
        [CleanClaimRate, FirstPassAcceptance, DenialRate, DenialRateDollars, DaysInAr, ArOver90, NetCollectionRate, ChargeLag, ClaimLag, CodingAccuracy];
}

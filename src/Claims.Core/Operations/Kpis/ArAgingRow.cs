namespace Claims.Operations.Kpis;

/// <summary>
/// Open receivables of one payer by age (days from the date of service to the as-of date) in the buckets
/// 0-30, 31-60, 61-90, 91-120 and over 120, in cents, with the claims in each bucket.
/// </summary>
public sealed record ArAgingRow(Guid? PayerId, string Payer, IReadOnlyList<long> BucketCents, IReadOnlyList<IReadOnlyList<Guid>> BucketClaims)
{
    /// <summary>The bucket labels, in order.</summary>
    public static IReadOnlyList<string> Buckets { get; } = ["0-30", "31-60", "61-90", "91-120", "120+"];

    public long TotalCents => BucketCents.Sum();

    /// <summary>The bucket index of an age in days.</summary>
    public static int BucketOf(int ageDays) => ageDays switch
    {
        <= 30 => 0,
        <= 60 => 1,
        <= 90 => 2,
        <= 120 => 3,
        _ => 4,
    };
}

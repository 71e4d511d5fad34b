using System.Globalization;

namespace Claims.Domain;

/// <summary>
/// An amount in US dollars with whole cents, stored as a count of cents. X12 monetary elements (R, up to
/// 18 digits) and payer systems expect two decimals; anything finer is a bug upstream, so it is refused.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    /// <summary>Largest magnitude accepted: 99,999,999.99, the practical ceiling of claim systems.</summary>
    public const decimal Limit = 99_999_999.99m;

    private Money(long cents) => Cents = cents;

    public long Cents { get; }

    public decimal Amount => Cents / 100m;

    public static Money Zero => default;

    public static Money Of(decimal amount)
    {
        if (decimal.Round(amount, 2) != amount) throw new DomainValidationException($"An amount has at most two decimals (got {amount.ToString(CultureInfo.InvariantCulture)}).");
        if (Math.Abs(amount) > Limit) throw new DomainValidationException($"An amount is at most {Limit.ToString(CultureInfo.InvariantCulture)}.");
        return new Money((long)(amount * 100m));
    }

    public static Money FromCents(long cents) => Of(cents / 100m);

    public static Money operator +(Money a, Money b) => FromCents(a.Cents + b.Cents);

    public static Money operator -(Money a, Money b) => FromCents(a.Cents - b.Cents);

    public static Money operator *(Money a, int times) => FromCents(checked(a.Cents * times));

    public static bool operator <(Money a, Money b) => a.Cents < b.Cents;

    public static bool operator >(Money a, Money b) => a.Cents > b.Cents;

    public static bool operator <=(Money a, Money b) => a.Cents <= b.Cents;

    public static bool operator >=(Money a, Money b) => a.Cents >= b.Cents;

    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    public static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Zero, (a, b) => a + b);

    public override string ToString() => Amount.ToString("0.00", CultureInfo.InvariantCulture);
}

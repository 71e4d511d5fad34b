using Claims.X12;

namespace Claims.Core.Tests.X12;

public sealed class X12ValuesTests
{
    [Theory]
    [InlineData("1234.5", 123450)]
    [InlineData("-12", -1200)]
    [InlineData("0", 0)]
    [InlineData("0.01", 1)]
    [InlineData(".5", 50)]
    [InlineData("5.", 500)]
    [InlineData("-42.58", -4258)]
    [InlineData("99999999999.99", 9999999999999)]
    public void Amounts_parse_exactly_to_cents(string text, long cents)
    {
        Assert.True(X12Values.TryParseCents(text, out var parsed));
        Assert.Equal(cents, parsed);
    }

    [Theory]
    [InlineData("1.234")]
    [InlineData("12.340")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1,5")]
    [InlineData("1e3")]
    [InlineData("+5")]
    [InlineData("1.2.3")]
    [InlineData(" 5")]
    public void Anything_that_is_not_a_cents_amount_is_refused_rather_than_rounded(string text)
    {
        Assert.False(X12Values.TryParseCents(text, out _));
    }

    [Theory]
    [InlineData(123450, "1234.5")]
    [InlineData(-1200, "-12")]
    [InlineData(1, "0.01")]
    [InlineData(-5, "-0.05")]
    public void Cents_format_back_as_X12_R(long cents, string text)
    {
        Assert.Equal(text, X12Values.FormatCents(cents));
    }

    [Theory]
    [InlineData("20240229", true)]
    [InlineData("20230229", false)]
    [InlineData("201254545", false)]
    [InlineData("2trtrtrt", false)]
    [InlineData("20261301", false)]
    public void Dates_are_CCYYMMDD_and_real(string text, bool valid)
    {
        Assert.Equal(valid, X12Values.TryParseDate(text, out _));
    }
}

using Claims.Domain;

namespace Claims.Core.Tests.Domain;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("J20.9", "J209", "J20.9")]
    [InlineData("e11.9", "E119", "E11.9")]
    [InlineData(" I10 ", "I10", "I10")]
    [InlineData("S93.401A", "S93401A", "S93.401A")]
    [InlineData("U07.1", "U071", "U07.1")]
    public void Icd10_codes_are_canonicalised(string text, string value, string display)
    {
        var code = Icd10Code.Parse(text);
        Assert.Equal((value, display), (code.Value, code.Display));
        Assert.Equal(code, Icd10Code.Parse(display));
    }

    [Theory]
    [InlineData("")]
    [InlineData("J2")]
    [InlineData("1J20")]
    [InlineData("JJ20")]
    [InlineData("S93.401AA")]
    [InlineData("J20-9")]
    [InlineData(null)]
    public void Malformed_icd10_codes_are_refused(string? text)
    {
        Assert.False(Icd10Code.TryParse(text, out _));
        Assert.Throws<DomainValidationException>(() => Icd10Code.Parse(text!));
    }

    [Theory]
    [InlineData("99213", ProcedureCodeSystem.Cpt)]
    [InlineData("0001U", ProcedureCodeSystem.Cpt)]
    [InlineData("3074F", ProcedureCodeSystem.Cpt)]
    [InlineData("0075T", ProcedureCodeSystem.Cpt)]
    [InlineData("j1885", ProcedureCodeSystem.Hcpcs)]
    [InlineData("G0439", ProcedureCodeSystem.Hcpcs)]
    public void Procedure_codes_know_their_code_set(string text, ProcedureCodeSystem system)
    {
        Assert.Equal(system, ProcedureCode.Parse(text).System);
    }

    [Theory]
    [InlineData("9921")]
    [InlineData("992134")]
    [InlineData("W1234")]
    [InlineData("99213-25")]
    [InlineData("ABCDE")]
    public void Malformed_procedure_codes_are_refused(string text)
    {
        Assert.Throws<DomainValidationException>(() => ProcedureCode.Parse(text));
    }

    [Theory]
    [InlineData("1234567893", true)] // the CMS worked example
    [InlineData("1245319599", true)]
    [InlineData("1234567890", false)] // wrong check digit
    [InlineData("123456789", false)]
    [InlineData("12345678930", false)]
    [InlineData("12345a7893", false)]
    [InlineData("260", false)] // Synthea's placeholder NPIs
    public void Npis_validate_length_digits_and_the_luhn_check_digit(string text, bool valid)
    {
        Assert.Equal(valid, Npi.TryParse(text, out _));
    }

    [Fact]
    public void Npis_made_from_a_base_pass_their_own_check()
    {
        for (var b = 100_000_000; b < 100_000_000 + 500; b++) Assert.True(Npi.TryParse(Npi.FromBase(b).Value, out _));
    }

    [Fact]
    public void Money_keeps_whole_cents_and_refuses_fractions_of_a_cent()
    {
        Assert.Equal(13050, Money.Of(130.50m).Cents);
        Assert.Equal("225.00", (Money.Of(130m) + Money.Of(95m)).ToString());
        Assert.Equal(Money.Of(70m), Money.Of(35m) * 2);
        Assert.Throws<DomainValidationException>(() => Money.Of(1.005m));
        Assert.Throws<DomainValidationException>(() => Money.Of(100_000_000m));
    }

    [Theory]
    [InlineData("11", true)]
    [InlineData("02", true)]
    [InlineData("00", false)]
    [InlineData("1", false)]
    [InlineData("1A", false)]
    public void Places_of_service_are_two_digits(string text, bool valid)
    {
        if (valid) Assert.Equal(text, PlaceOfService.Parse(text).Code);
        else Assert.Throws<DomainValidationException>(() => PlaceOfService.Parse(text));
    }

    [Fact]
    public void New_claim_control_numbers_fit_clm01_and_carry_no_x12_delimiter()
    {
        var random = new Random(7);
        var numbers = Enumerable.Range(0, 2000).Select(_ => ClaimControlNumber.New(new DateOnly(2026, 3, 2), random.Next).Value).ToList();

        Assert.All(numbers, n => Assert.InRange(n.Length, 1, ClaimControlNumber.MaxLength));
        Assert.All(numbers, n => Assert.Matches("^[0-9A-Z]+$", n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Throws<DomainValidationException>(() => ClaimControlNumber.Parse("ABC*123"));
        Assert.Throws<DomainValidationException>(() => ClaimControlNumber.Parse(new string('A', 21)));
    }
}

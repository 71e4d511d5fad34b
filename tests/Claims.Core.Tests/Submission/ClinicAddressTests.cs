using Claims.Domain;
using Claims.Submission;

namespace Claims.Core.Tests.Submission;

public sealed class ClinicAddressTests
{
    [Theory]
    [InlineData("PO Box 12")]
    [InlineData("P.O. BOX 12")]
    [InlineData("Post Office Box 7")]
    public void A_billing_address_is_never_a_post_office_box(string street) =>
        Assert.Throws<DomainValidationException>(() => new ClinicAddress(street, "Springfield", "IL", "627011234"));

    [Theory]
    [InlineData("62701")]
    [InlineData("6270112345")]
    [InlineData("62701-12a4")]
    public void A_billing_ZIP_has_nine_digits(string zip) =>
        Assert.Throws<DomainValidationException>(() => new ClinicAddress("1 Main St", "Springfield", "IL", zip));

    [Fact]
    public void A_state_is_a_US_state_code_and_the_ZIP_dash_is_dropped()
    {
        Assert.Throws<DomainValidationException>(() => new ClinicAddress("1 Main St", "Springfield", "XX", "627011234"));
        var address = new ClinicAddress(" 1 Main St ", "Springfield", "il", "62701-1234");
        Assert.Equal(("1 Main St", "IL", "627011234"), (address.Street, address.State, address.Zip));
    }

    [Fact]
    public void A_clinic_moves_to_its_billing_address()
    {
        var clinic = new Clinic("Test", Npi.FromBase(123_456_789), "123456789");
        Assert.Null(clinic.BillingAddress);
        clinic.MoveTo(new ClinicAddress("1 Main St", "Springfield", "IL", "627011234"));
        Assert.Equal("627011234", clinic.BillingAddress!.Zip);
    }

    [Fact]
    public void A_payer_carries_a_known_claim_filing_indicator()
    {
        Assert.Equal("MB", new Payer("Medicare", "MCR", 365, "MB").ClaimFilingIndicator);
        Assert.Equal("CI", new Payer("Acme", "ACME", 90).ClaimFilingIndicator);
        Assert.Throws<DomainValidationException>(() => new Payer("Acme", "ACME2", 90, "XX"));
    }

    [Theory]
    [InlineData("12 Oak St, Springfield, IL 62701", "12 OAK ST", "SPRINGFIELD", "IL", "62701")]
    [InlineData("12 Oak St, Apt 4, Boston, Massachusetts, 02101, US", "12 OAK ST APT 4", "BOSTON", "MA", "02101")]
    [InlineData("1 Elm, Austin, TX, 73301-1234", "1 ELM", "AUSTIN", "TX", "733011234")]
    public void A_patient_address_on_one_line_splits_into_N3_and_N4(string text, string street, string city, string state, string zip)
    {
        var address = Claim837Mapper.ParseAddress(text);
        Assert.Equal(new X12Address(street, null, city, state, zip), address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Springfield")]
    [InlineData("12 Oak St, Springfield")]
    public void An_address_without_city_state_and_ZIP_does_not_split(string? text) => Assert.Null(Claim837Mapper.ParseAddress(text));
}

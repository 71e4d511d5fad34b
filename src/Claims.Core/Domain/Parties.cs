namespace Claims.Domain;

/// <summary>
/// A clinic the BPO works for. It is the billing provider of its claims (2010AA): its NPI, tax id and
/// address belong here, not to each bundle.
/// </summary>
public sealed class Clinic
{
    private Clinic() { } // EF Core

    /// <summary>
    /// A clinic that bills every encounter it sends (<see cref="BillFrom"/> = <see cref="DateOnly.MinValue"/>) until a bill-from
    /// date is set; <see cref="ClinicDirectory"/> sets one when a person adds a clinic.
    /// </summary>
    public Clinic(string name, Npi npi, string taxId)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) throw new DomainValidationException("A clinic name has 1 to 200 characters.");
        if (taxId.Length != 9 || !taxId.All(char.IsAsciiDigit)) throw new DomainValidationException("A clinic tax id (EIN) has nine digits.");
        Id = Guid.CreateVersion7();
        Name = name.Trim();
        Npi = npi;
        TaxId = taxId;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public Npi Npi { get; private set; } = null!;

    public string TaxId { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The first date of service the BPO bills for this clinic (the contract's start). Encounters before it are kept as
    /// clinical history the coders read, not claims: a clinic's whole record (back to birth) is not billable work.
    /// </summary>
    public DateOnly BillFrom { get; private set; } = DateOnly.MinValue;

    /// <summary>Sets the first date of service billed; it applies to bundles ingested from now on.</summary>
    public void StartBillingOn(DateOnly date)
    {
        if (date.Year < 1900 || date.Year > 2200) throw new DomainValidationException("A bill-from date lies between 1900 and 2200.");
        BillFrom = date;
    }

    /// <summary>The billing address (2010AA N3/N4): a street address, never a PO box, with a nine-digit ZIP; null until set.</summary>
    public ClinicAddress? BillingAddress => AddressLine is null || City is null || State is null || PostalCode is null ? null : new ClinicAddress(AddressLine, City, State, PostalCode);

    public string? AddressLine { get; private set; }

    public string? City { get; private set; }

    public string? State { get; private set; }

    /// <summary>Nine digits (ZIP+4 without the dash).</summary>
    public string? PostalCode { get; private set; }

    /// <summary>Sets the billing address (validated when the <see cref="ClinicAddress"/> was made).</summary>
    public void MoveTo(ClinicAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        AddressLine = address.Street;
        City = address.City;
        State = address.State;
        PostalCode = address.Zip;
    }

    /// <summary>Replaces the tax id (EIN, REF*EI).</summary>
    public void ChangeTaxId(string taxId)
    {
        if (taxId.Length != 9 || !taxId.All(char.IsAsciiDigit)) throw new DomainValidationException("A clinic tax id (EIN) has nine digits.");
        TaxId = taxId;
    }

    /// <summary>Gives the clinic a new name (the caller checks that no other clinic has it).</summary>
    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) throw new DomainValidationException("A clinic name has 1 to 200 characters.");
        Name = name.Trim();
    }
}

/// <summary>A payer (2010BB): its electronic payer id and its timely filing limit.</summary>
public sealed class Payer
{
    private Payer() { } // EF Core

    public Payer(string name, string payerId, int timelyFilingDays, string claimFilingIndicator = "CI")
    {
        if (!ClaimFilingIndicators.IsKnown(claimFilingIndicator)) throw new DomainValidationException($"'{claimFilingIndicator}' is not a claim filing indicator (SBR09: MB, MC, CI, BL, HM ...).");
        ClaimFilingIndicator = claimFilingIndicator;
        if (string.IsNullOrWhiteSpace(name)) throw new DomainValidationException("A payer has a name.");
        if (string.IsNullOrWhiteSpace(payerId) || payerId.Length > 80) throw new DomainValidationException("A payer id has 1 to 80 characters.");
        if (timelyFilingDays is < 1 or > 3650) throw new DomainValidationException("A timely filing limit is 1 to 3650 days.");
        Id = Guid.CreateVersion7();
        Name = name.Trim();
        PayerId = payerId.Trim();
        TimelyFilingDays = timelyFilingDays;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The payer's electronic id (NM109 of 2010BB), e.g. a clearinghouse payer id.</summary>
    public string PayerId { get; private set; } = "";

    public int TimelyFilingDays { get; private set; }

    /// <summary>The last day this payer accepts a claim for a service on <paramref name="serviceFrom"/>.</summary>
    public DateOnly FilingDeadline(DateOnly serviceFrom) => serviceFrom.AddDays(TimelyFilingDays);

    /// <summary>Sets the timely filing limit (days from the date of service) billing agreed with the payer.</summary>
    public void ChangeTimelyFilingDays(int days)
    {
        if (days is < 1 or > 3650) throw new DomainValidationException("A timely filing limit is 1 to 3650 days.");
        TimelyFilingDays = days;
    }

    /// <summary>The payer's type as SBR09 names it (<see cref="ClaimFilingIndicators"/>): MB Medicare Part B, MC Medicaid, CI commercial ...</summary>
    public string ClaimFilingIndicator { get; private set; } = "CI";

    /// <summary>Sets the payer's type (SBR09).</summary>
    public void ChangeClaimFilingIndicator(string code)
    {
        if (!ClaimFilingIndicators.IsKnown(code)) throw new DomainValidationException($"'{code}' is not a claim filing indicator (SBR09: MB, MC, CI, BL, HM ...).");
        ClaimFilingIndicator = code;
    }
}

/// <summary>A rendering practitioner of a clinic (2310B), known by NPI.</summary>
public sealed class Provider
{
    private Provider() { } // EF Core

    public Provider(Guid clinicId, Npi npi, string name, string? taxonomy)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        Npi = npi;
        Name = string.IsNullOrWhiteSpace(name) ? throw new DomainValidationException("A provider has a name.") : name.Trim();
        Taxonomy = taxonomy;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    public Npi Npi { get; private set; } = null!;

    /// <summary>Professional name (a provider's name is not the patient's PHI).</summary>
    public string Name { get; private set; } = "";

    /// <summary>NUCC taxonomy code, e.g. 207Q00000X family medicine.</summary>
    public string? Taxonomy { get; private set; }
}

/// <summary>Administrative sex as the Medicare Code Editor reads it.</summary>
public enum AdministrativeSex
{
    Unknown,
    Female,
    Male,
}

/// <summary>
/// A patient of a clinic. In plaintext only non-identifying data: a random pseudonym, administrative sex and
/// birth year (HIPAA Safe Harbor allows the year). Names, the full birth date, address, telecom and identifiers
/// are kept only as ciphertext under the patient's own data key (<see cref="Security.PhiVault"/>), with keyed
/// blind indexes for the lookups people need.
/// </summary>
public sealed class Patient
{
    private Patient() { } // EF Core

    public Patient(Guid clinicId, string pseudonym, AdministrativeSex sex, int birthYear)
    {
        if (birthYear is < 1890 or > 2200) throw new DomainValidationException("A birth year is between 1890 and 2200.");
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        Pseudonym = pseudonym;
        Sex = sex;
        BirthYear = birthYear;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>A random label (e.g. PT-7K2M9Q) used in lists, logs and the audit trail instead of a name.</summary>
    public string Pseudonym { get; private set; } = "";

    public AdministrativeSex Sex { get; private set; }

    public int BirthYear { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Encrypted (see <see cref="Security.PhiCipher"/>): the official family name.</summary>
    public byte[]? FamilyNameCipher { get; private set; }

    /// <summary>Encrypted: the given names, space-separated.</summary>
    public byte[]? GivenNamesCipher { get; private set; }

    /// <summary>Encrypted: the full birth date as sent (YYYY-MM-DD).</summary>
    public byte[]? BirthDateCipher { get; private set; }

    /// <summary>Encrypted: the home address on one line.</summary>
    public byte[]? AddressCipher { get; private set; }

    /// <summary>Encrypted: phone numbers and e-mail addresses.</summary>
    public byte[]? TelecomCipher { get; private set; }

    /// <summary>Encrypted: the medical record number.</summary>
    public byte[]? MrnCipher { get; private set; }

    /// <summary>Encrypted: every other identifier (system|value per line: SSN, driver's licence, passport ...).</summary>
    public byte[]? OtherIdentifiersCipher { get; private set; }

    /// <summary>Blind index (truncated HMAC) of family name + birth date.</summary>
    public string? NameBirthIndex { get; private set; }

    /// <summary>Blind index (truncated HMAC) of the MRN.</summary>
    public string? MrnIndex { get; private set; }

    internal void Protect(byte[]? family, byte[]? given, byte[]? birthDate, byte[]? address, byte[]? telecom, byte[]? mrn, byte[]? other, string? nameBirthIndex, string? mrnIndex)
    {
        FamilyNameCipher = family;
        GivenNamesCipher = given;
        BirthDateCipher = birthDate;
        AddressCipher = address;
        TelecomCipher = telecom;
        MrnCipher = mrn;
        OtherIdentifiersCipher = other;
        NameBirthIndex = nameBirthIndex;
        MrnIndex = mrnIndex;
    }

    /// <summary>Erasure: the blind indexes go too, so nobody can confirm a name or MRN against an erased patient.</summary>
    internal void ForgetIndexes()
    {
        NameBirthIndex = null;
        MrnIndex = null;
    }
}

/// <summary>Who is subscriber on a coverage, relative to the patient (SBR02 / PAT01).</summary>
public enum SubscriberRelationship
{
    Self,
    Spouse,
    Child,
    Other,
}

/// <summary>A patient's insurance with one payer for a period.</summary>
public sealed class Coverage
{
    private Coverage() { } // EF Core

    public Coverage(Guid patientId, Guid payerId, SubscriberRelationship relationship, DateOnly start, DateOnly? end, int order = 1)
    {
        if (end < start) throw new DomainValidationException("A coverage period cannot end before it starts.");
        if (order is < 1 or > 3) throw new DomainValidationException("Coverage order is 1 (primary), 2 or 3.");
        Id = Guid.CreateVersion7();
        PatientId = patientId;
        PayerId = payerId;
        Relationship = relationship;
        Start = start;
        End = end;
        Order = order;
    }

    public Guid Id { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid PayerId { get; private set; }

    public SubscriberRelationship Relationship { get; private set; }

    public DateOnly Start { get; private set; }

    public DateOnly? End { get; private set; }

    /// <summary>1 primary, 2 secondary, 3 tertiary (SBR01 P/S/T).</summary>
    public int Order { get; private set; }

    /// <summary>Encrypted under the patient's data key: the member (subscriber) id on the insurance card.</summary>
    public byte[]? MemberIdCipher { get; private set; }

    /// <summary>Blind index (truncated HMAC) of the member id.</summary>
    public string? MemberIdIndex { get; private set; }

    internal void ProtectMemberId(byte[] cipher, string? index)
    {
        MemberIdCipher = cipher;
        MemberIdIndex = index;
    }

    /// <summary>
    /// Encrypted under the patient's data key: the subscriber's name ("family|given") when the patient is a dependent
    /// (2010BA NM1*IL names the subscriber, not the patient).
    /// </summary>
    public byte[]? SubscriberNameCipher { get; private set; }

    internal void ProtectSubscriberName(byte[] cipher) => SubscriberNameCipher = cipher;

    internal void ForgetIndexes() => MemberIdIndex = null;

    public bool IsActiveOn(DateOnly date) => date >= Start && (End is null || date <= End);
}

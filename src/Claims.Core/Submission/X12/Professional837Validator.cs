namespace Claims.Submission;

/// <summary>
/// Checks a batch against the 005010X222A1 rules the writer relies on, before a byte is written. Limits are the
/// TR3's element sizes and situational rules; messages name loops, elements and the claim control number only.
/// </summary>
internal sealed class Professional837Validator
{
    /// <summary>Largest amount accepted: 99,999,999.99, the practical ceiling of payer systems (CLM02, SV102).</summary>
    public const long MaxCents = 9_999_999_999;

    private static readonly HashSet<string> FilingIndicators =
    [
        "11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS", "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ",
    ];

    // PAT01 individual relationship codes allowed in 2000C (TR3 5010; 18 "self" means no 2000C at all).
    private static readonly HashSet<string> PatientRelationships = ["01", "19", "20", "21", "39", "40", "53", "G8"];

    private readonly Professional837Batch _batch;
    private readonly X12Separators _separators;
    private readonly List<X12Issue> _issues = [];
    private string? _claim;

    private Professional837Validator(Professional837Batch batch)
    {
        _batch = batch;
        _separators = batch.Interchange.Separators;
    }

    public static IReadOnlyList<X12Issue> Validate(Professional837Batch batch)
    {
        var validator = new Professional837Validator(batch);
        validator.Run();
        return validator._issues;
    }

    private void Run()
    {
        if (!CheckSeparators()) return;
        CheckEnvelope();
        CheckClaims();
    }

    private bool CheckSeparators()
    {
        var s = _separators;
        char[] all = [s.Element, s.Repetition, s.Component, s.Segment];
        if (all.Distinct().Count() != 4) Add(X12IssueCodes.Invalid, "ISA", "The element, repetition, component and segment separators must be four different characters.");
        // A delimiter must never occur in data (X12.6); letters, digits and space always do.
        if (all.Any(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || c < 0x21 || c > 0x7E)) Add(X12IssueCodes.Invalid, "ISA", "Separators must be printable ASCII punctuation, not letters, digits or space.");
        return _issues.Count == 0;
    }

    private void CheckEnvelope()
    {
        var isa = _batch.Interchange;
        Code(isa.SenderQualifier, "ISA05", 2, 2);
        // GS02/GS03 (2 to 15) default to the ISA ids, so an id that must also serve there needs two characters.
        Text(isa.SenderId, "ISA06", isa.ApplicationSenderCode is null ? 2 : 1, 15);
        Code(isa.ReceiverQualifier, "ISA07", 2, 2);
        Text(isa.ReceiverId, "ISA08", isa.ApplicationReceiverCode is null ? 2 : 1, 15);
        if (isa.UsageIndicator is not ('T' or 'P')) Add(X12IssueCodes.Invalid, "ISA15", "The usage indicator is T (test) or P (production).");
        if (isa.ApplicationSenderCode is not null) Text(isa.ApplicationSenderCode, "GS02", 2, 15);
        if (isa.ApplicationReceiverCode is not null) Text(isa.ApplicationReceiverCode, "GS03", 2, 15);

        var numbers = _batch.ControlNumbers;
        if (numbers.Interchange is < 1 or > 999_999_999) Add(X12IssueCodes.Invalid, "ISA13", "The interchange control number is 1 to 999999999.");
        if (numbers.Group is < 1 or > 999_999_999) Add(X12IssueCodes.Invalid, "GS06", "The group control number is 1 to 999999999.");
        // ST02 is at most nine digits; there is at most one transaction set per claim, so this bound is safe.
        if (numbers.FirstTransactionSet < 1 || numbers.FirstTransactionSet > 999_999_999 - (_batch.Claims?.Count ?? 0)) Add(X12IssueCodes.Invalid, "ST02", "The first transaction set control number is at least 1 and leaves room for nine-digit ST02s.");
        if (_batch.CreatedAt.Year < 2000) Add(X12IssueCodes.Invalid, "GS04", "The creation time is not set.");
        Text(_batch.BatchReference, "BHT03", 1, 50);

        var submitter = _batch.Submitter;
        Text(submitter.Name, "1000A NM103", 1, 60);
        Text(submitter.Id, "1000A NM109", 2, 80);
        Text(submitter.ContactName, "1000A PER02", 1, 60);
        if (string.IsNullOrEmpty(submitter.Phone) && string.IsNullOrEmpty(submitter.Email)) Add(X12IssueCodes.Required, "1000A PER04", "The submitter contact needs a phone number or an email address.");
        if (!string.IsNullOrEmpty(submitter.Phone)) Digits(submitter.Phone, "1000A PER04", 10, 10);
        if (!string.IsNullOrEmpty(submitter.Email)) Text(submitter.Email, "1000A PER06", 3, 256);
        Text(_batch.Receiver.Name, "1000B NM103", 1, 60);
        Text(_batch.Receiver.Id, "1000B NM109", 2, 80);
    }

    private void CheckClaims()
    {
        var claims = _batch.Claims;
        if (claims is null || claims.Count == 0)
        {
            Add(X12IssueCodes.Required, "2300", "A batch has at least one claim.");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            _claim = claim.ControlNumber;
            CheckClaim(claim);
            if (!string.IsNullOrEmpty(claim.ControlNumber) && !seen.Add(claim.ControlNumber))
                Add(X12IssueCodes.Duplicate, "2300 CLM01", "The claim control number appears twice in the batch; payers echo it back and must find one claim.");
        }
        _claim = null;
    }

    private void CheckClaim(Professional837Claim claim)
    {
        Text(claim.ControlNumber, "2300 CLM01", 1, 20);
        CheckBillingProvider(claim.BillingProvider);
        CheckSubscriber(claim.Subscriber, subscriberIsPatient: claim.Patient is null);
        CheckPayer(claim.Payer);
        if (claim.Patient is { } patient) CheckPatient(patient);

        if (claim.FrequencyCode is not ("1" or "7" or "8")) Add(X12IssueCodes.Invalid, "2300 CLM05-3", "The claim frequency is 1 (original), 7 (replacement) or 8 (void).");
        if (claim.FrequencyCode is "7" or "8")
        {
            if (string.IsNullOrEmpty(claim.PayerClaimNumber)) Add(X12IssueCodes.Required, "2300 REF*F8", "A replacement or void needs the payer's claim number (REF*F8).");
            else Text(claim.PayerClaimNumber, "2300 REF02", 1, 50);
        }
        else if (claim.PayerClaimNumber is not null)
        {
            Add(X12IssueCodes.NotAllowed, "2300 REF*F8", "The payer claim number is sent only with a replacement (7) or a void (8).");
        }
        if (claim.PlaceOfService is not { Length: 2 } pos || pos.AsSpan().ContainsAnyExceptInRange('0', '9')) Add(X12IssueCodes.Invalid, "2300 CLM05-1", "The place of service is a two-digit CMS code.");
        CheckIndicators(claim.Indicators);
        CheckDiagnoses(claim.Diagnoses);
        CheckLines(claim.Lines, claim.Diagnoses?.Count ?? 0);
        if (claim.RenderingProvider is { } rendering)
        {
            NpiValue(rendering.Npi, "2310B NM109");
            Text(rendering.LastName, "2310B NM103", 1, 60);
            Text(rendering.FirstName, "2310B NM104", 1, 35);
            if (rendering.Taxonomy is not null) Taxonomy(rendering.Taxonomy, "2310B PRV03");
        }
        CheckOtherPayers(claim);
    }

    // 2320-2330B and 2430: coordination of benefits. The TR3 balancing rules: per other payer, CLM02 = AMT*D + its
    // claim CAS + its line CAS; per line, SV102 = SVD02 + that line's CAS for the payer.
    private void CheckOtherPayers(Professional837Claim claim)
    {
        if (claim.OtherPayers is not { } others) return;
        if (others.Count > 10) Add(X12IssueCodes.TooMany, "2320", "At most ten other payers per claim.");
        var lines = claim.Lines ?? [];
        long total = 0;
        foreach (var line in lines) total += line.ChargeCents;
        foreach (var other in others)
        {
            if (other.PayerResponsibility is not ("P" or "S" or "T" or "A" or "B" or "C" or "D" or "E" or "F" or "G" or "H" or "U")) Add(X12IssueCodes.Invalid, "2320 SBR01", "The other payer's responsibility is P, S, T, A-H or U.");
            if (other.RelationshipCode != "18" && !PatientRelationships.Contains(other.RelationshipCode ?? "")) Add(X12IssueCodes.Invalid, "2320 SBR02", "The patient's relationship to the other subscriber is 18 (self), 01, 19, 20, 21, 39, 40, 53 or G8.");
            if (!FilingIndicators.Contains(other.ClaimFilingIndicator ?? "")) Add(X12IssueCodes.Invalid, "2320 SBR09", "The other payer's claim filing indicator is not a 5010 code.");
            Text(other.MemberId, "2330A NM109", 2, 80);
            Text(other.LastName, "2330A NM103", 1, 60);
            Text(other.FirstName, "2330A NM104", 1, 35);
            if (other.Payer is null)
            {
                Add(X12IssueCodes.Required, "2330B", "The other payer is required.");
                continue;
            }
            Text(other.Payer.Name, "2330B NM103", 1, 60);
            Text(other.Payer.PayerId, "2330B NM109", 2, 80);
            CheckAdjustments(other.Adjustments, "2320 CAS");
            if (other.PaidCents is < 0 or > MaxCents) Add(X12IssueCodes.Invalid, "2320 AMT02", "The other payer's paid amount is 0 to 99,999,999.99.");
            long lineAdjustments = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                foreach (var adjudication in lines[i].Adjudications.Where(a => a.PayerId == other.Payer.PayerId))
                {
                    var adjusted = adjudication.Adjustments.Sum(a => a.AmountCents);
                    lineAdjustments += adjusted;
                    CheckAdjustments(adjudication.Adjustments, At(i, "2430 CAS"));
                    if (adjudication.PaidCents + adjusted != lines[i].ChargeCents)
                        Add(X12IssueCodes.Invalid, At(i, "2430 SVD02"), "The other payer's line payment plus its line adjustments does not equal the line charge (SV102).");
                }
            }
            if (other.PaidCents + other.Adjustments.Sum(a => a.AmountCents) + lineAdjustments != total)
                Add(X12IssueCodes.Invalid, "2320 AMT*D", "The other payer's payment plus its claim and line adjustments does not equal the claim charge (CLM02).");
        }
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var adjudication in lines[i].Adjudications)
            {
                if (!others.Any(o => o.Payer?.PayerId == adjudication.PayerId)) Add(X12IssueCodes.Invalid, At(i, "2430 SVD01"), "A line adjudication names a payer that has no 2330B on the claim.");
            }
        }
    }

    private void CheckAdjustments(IReadOnlyList<X12Adjustment> adjustments, string location)
    {
        foreach (var a in adjustments)
        {
            if (a.Group is not ("CO" or "PR" or "OA" or "PI" or "CR")) Add(X12IssueCodes.Invalid, location + "01", "An adjustment group is CO, PR, OA, PI or CR.");
            Code(a.Reason, location + "02", 1, 5);
        }
    }

    private void CheckIndicators(X12ClaimIndicators indicators)
    {
        if (indicators is null)
        {
            Add(X12IssueCodes.Required, "2300 CLM06", "The claim indicators are required.");
            return;
        }
        if (indicators.Assignment is not ("A" or "B" or "C")) Add(X12IssueCodes.Invalid, "2300 CLM07", "Assignment is A, B or C.");
        if (indicators.BenefitsAssignment is not ("Y" or "N" or "W")) Add(X12IssueCodes.Invalid, "2300 CLM08", "Benefits assignment is Y, N or W.");
        if (indicators.ReleaseOfInformation is not ("Y" or "I")) Add(X12IssueCodes.Invalid, "2300 CLM09", "Release of information is Y or I.");
    }

    private void CheckDiagnoses(IReadOnlyList<string>? diagnoses)
    {
        if (diagnoses is null || diagnoses.Count == 0)
        {
            Add(X12IssueCodes.Required, "2300 HI01", "A professional claim has at least the principal diagnosis.");
            return;
        }
        // HI carries HI01-HI12: one principal (ABK) and up to eleven others (ABF) in a single segment.
        if (diagnoses.Count > 12) Add(X12IssueCodes.TooMany, "2300 HI", $"At most 12 diagnoses fit in HI01-HI12; the claim has {diagnoses.Count}.");
        for (var i = 0; i < diagnoses.Count; i++)
        {
            if (!IsIcd10WithoutDot(diagnoses[i])) Add(X12IssueCodes.Invalid, $"2300 HI{Math.Min(i + 1, 99):00}-2", "An ICD-10-CM code has 3 to 7 letters and digits, a letter first and a digit second, written without the dot.");
            else if (IndexOf(diagnoses, diagnoses[i]) < i) Add(X12IssueCodes.Duplicate, $"2300 HI{Math.Min(i + 1, 99):00}-2", "A diagnosis appears twice on the claim.");
        }
    }

    private void CheckLines(IReadOnlyList<Professional837Line>? lines, int diagnosisCount)
    {
        if (lines is null || lines.Count == 0)
        {
            Add(X12IssueCodes.Required, "2400", "A claim has at least one service line.");
            return;
        }
        // TR3: loop 2400 repeats at most 50 times per claim; splitting a claim changes what the payer adjudicates, so refuse.
        if (lines.Count > 50) Add(X12IssueCodes.TooMany, "2400", $"At most 50 service lines per claim; the claim has {lines.Count}.");
        long total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
                        if (line.ProcedureCode is not { Length: 5 } code || !AllUpperLettersOrDigits(code)) Add(X12IssueCodes.Invalid, At(i, "SV101-2"), "A CPT or HCPCS code has five upper-case letters or digits.");
            if (line.Modifiers is null || line.Modifiers.Count > 4) Add(X12IssueCodes.TooMany, At(i, "SV101-3"), "A line has at most four modifiers.");
            else CheckModifiers(line.Modifiers, i);
            if (line.ChargeCents is < 0 or > MaxCents) Add(X12IssueCodes.Invalid, At(i, "SV102"), "A line charge is 0 to 99,999,999.99.");
            else total += line.ChargeCents;
            if (line.Units is < 1 or > 99_999) Add(X12IssueCodes.Invalid, At(i, "SV104"), "Units are 1 to 99999.");
            CheckPointers(line.DiagnosisPointers, diagnosisCount, i);
            if (line.ServiceDate.Year < 1900 || DateOnly.FromDateTime(_batch.CreatedAt) < line.ServiceDate) Add(X12IssueCodes.Invalid, At(i, "DTP03"), "The date of service is after the file's creation date or before 1900.");
        }
        if (total > MaxCents) Add(X12IssueCodes.Invalid, "2300 CLM02", "The claim total is over 99,999,999.99.");
    }

    private void CheckModifiers(IReadOnlyList<string> modifiers, int i)
    {
        for (var m = 0; m < modifiers.Count; m++)
        {
            if (modifiers[m] is not { Length: 2 } modifier || !AllUpperLettersOrDigits(modifier))
            {
                Add(X12IssueCodes.Invalid, At(i, $"SV101-{m + 3}"), "A modifier has two upper-case letters or digits.");
                return;
            }
        }
    }

    private void CheckPointers(IReadOnlyList<int>? pointers, int diagnosisCount, int i)
    {
        if (pointers is null || pointers.Count == 0)
        {
            Add(X12IssueCodes.Required, At(i, "SV107"), "A line points to at least one diagnosis.");
            return;
        }
        if (pointers.Count > 4) Add(X12IssueCodes.TooMany, At(i, "SV107"), "A line has at most four diagnosis pointers.");
        for (var p = 0; p < pointers.Count; p++)
        {
            if (pointers[p] < 1 || pointers[p] > Math.Min(diagnosisCount, 12)) Add(X12IssueCodes.Invalid, At(i, "SV107"), $"Pointer {pointers[p]} is outside the claim's {Math.Min(diagnosisCount, 12)} diagnoses.");
            else if (IndexOf(pointers, pointers[p]) < p) Add(X12IssueCodes.Duplicate, At(i, "SV107"), "A pointer appears twice on the line.");
        }
    }

    private void CheckBillingProvider(X12BillingProvider? provider)
    {
        if (provider is null)
        {
            Add(X12IssueCodes.Required, "2010AA", "The billing provider is required.");
            return;
        }
        NpiValue(provider.Npi, "2010AA NM109");
        Digits(provider.TaxId, "2010AA REF02", 9, 9);
        Text(provider.OrganizationName, "2010AA NM103", 1, 60);
        if (provider.Taxonomy is not null) Taxonomy(provider.Taxonomy, "2000A PRV03");
        if (provider.Address is null)
        {
            Add(X12IssueCodes.Required, "2010AA N3", "The billing provider's address is required.");
            return;
        }
        Address(provider.Address, "2010AA", nineDigitZip: true);
        // TR3 2010AA N301 note: the billing provider address must be a street address; a PO box goes in 2010AB.
        if (LooksLikePostOfficeBox(provider.Address.Line1) || LooksLikePostOfficeBox(provider.Address.Line2)) Add(X12IssueCodes.NotAllowed, "2010AA N301", "The billing provider address is a street address, not a post office box.");
    }

    private void CheckSubscriber(X12Subscriber? subscriber, bool subscriberIsPatient)
    {
        if (subscriber is null)
        {
            Add(X12IssueCodes.Required, "2010BA", "The subscriber is required.");
            return;
        }
        if (subscriber.PayerResponsibility is not ("P" or "S" or "T")) Add(X12IssueCodes.Invalid, "2000B SBR01", "The payer responsibility is P, S or T.");
        if (subscriber.GroupNumber is not null) Text(subscriber.GroupNumber, "2000B SBR03", 1, 50);
        if (subscriber.ClaimFilingIndicator is null || !FilingIndicators.Contains(subscriber.ClaimFilingIndicator)) Add(X12IssueCodes.Invalid, "2000B SBR09", "The claim filing indicator is not a 5010 code (e.g. MB, MC, CI, BL, HM).");
        Text(subscriber.MemberId, "2010BA NM109", 2, 80);
        Text(subscriber.LastName, "2010BA NM103", 1, 60);
        Text(subscriber.FirstName, "2010BA NM104", 1, 35);
        if (subscriber.Address is not null) Address(subscriber.Address, "2010BA", nineDigitZip: false);
        if (subscriberIsPatient)
        {
            // 2010BA N3/N4/DMG are required when the subscriber is the patient.
            if (subscriber.Address is null) Add(X12IssueCodes.Required, "2010BA N3", "The subscriber's address is required when the subscriber is the patient.");
            if (subscriber.BirthDate is null) Add(X12IssueCodes.Required, "2010BA DMG02", "The subscriber's birth date is required when the subscriber is the patient.");
            if (subscriber.Sex is null) Add(X12IssueCodes.Required, "2010BA DMG03", "The subscriber's sex is required when the subscriber is the patient.");
        }
        if (subscriber.BirthDate is { } born) BirthDate(born, "2010BA DMG02");
        if (subscriber.Sex is not null and not ("M" or "F" or "U")) Add(X12IssueCodes.Invalid, "2010BA DMG03", "Sex is M, F or U.");
    }

    private void CheckPatient(X12Patient patient)
    {
        if (!PatientRelationships.Contains(patient.RelationshipCode ?? "")) Add(X12IssueCodes.Invalid, "2000C PAT01", "The patient's relationship to the subscriber is 01, 19, 20, 21, 39, 40, 53 or G8.");
        Text(patient.LastName, "2010CA NM103", 1, 60);
        Text(patient.FirstName, "2010CA NM104", 1, 35);
        BirthDate(patient.BirthDate, "2010CA DMG02");
        if (patient.Sex is not ("M" or "F" or "U")) Add(X12IssueCodes.Invalid, "2010CA DMG03", "Sex is M, F or U.");
        if (patient.Address is null) Add(X12IssueCodes.Required, "2010CA N3", "The patient's address is required.");
        else Address(patient.Address, "2010CA", nineDigitZip: false);
    }

    private void CheckPayer(X12Payer? payer)
    {
        if (payer is null)
        {
            Add(X12IssueCodes.Required, "2010BB", "The payer is required.");
            return;
        }
        Text(payer.Name, "2010BB NM103", 1, 60);
        Text(payer.PayerId, "2010BB NM109", 2, 80);
        if (payer.Address is not null) Address(payer.Address, "2010BB", nineDigitZip: false);
    }

    private void Address(X12Address address, string loop, bool nineDigitZip)
    {
        // Location names are built once per loop, not per claim: validation runs over every claim of a batch.
        var at = AddressLocations.For(loop);
        Text(address.Line1, at.N301, 1, 55);
        if (address.Line2 is not null) Text(address.Line2, at.N302, 1, 55);
        Text(address.City, at.N401, 2, 30);
        if (address.State is not { Length: 2 } state || !(char.IsAsciiLetter(state[0]) && char.IsAsciiLetter(state[1]))) Add(X12IssueCodes.Invalid, at.N402, "A state is a two-letter code.");
        if (nineDigitZip) Digits(address.PostalCode, at.N403, 9, 9);
        else if (address.PostalCode is not { Length: 5 or 9 } zip || zip.AsSpan().ContainsAnyExceptInRange('0', '9')) Add(X12IssueCodes.Invalid, at.N403, "A ZIP code has five or nine digits.");
    }

    private sealed record AddressLocations(string N301, string N302, string N401, string N402, string N403)
    {
        private static readonly Dictionary<string, AddressLocations> ByLoop = new[] { "2010AA", "2010BA", "2010BB", "2010CA" }
            .ToDictionary(loop => loop, loop => new AddressLocations($"{loop} N301", $"{loop} N302", $"{loop} N401", $"{loop} N402", $"{loop} N403"));

        public static AddressLocations For(string loop) => ByLoop[loop];
    }

    private void BirthDate(DateOnly born, string location)
    {
        if (born.Year < 1900 || DateOnly.FromDateTime(_batch.CreatedAt) < born) Add(X12IssueCodes.Invalid, location, "The birth date is after the file's creation date or before 1900.");
    }

    private void NpiValue(string? npi, string location)
    {
        if (npi is not { Length: 10 } || npi.AsSpan().ContainsAnyExceptInRange('0', '9')) Add(X12IssueCodes.Invalid, location, "An NPI has ten digits.");
        else if (NpiCheckDigit(npi) != npi[9] - '0') Add(X12IssueCodes.CheckDigit, location, "The NPI's check digit is wrong (Luhn over 80840 and the first nine digits).");
    }

    /// <summary>Luhn check digit over "80840" + the first nine digits (the ISO issuer prefix CMS assigned to NPIs).</summary>
    internal static int NpiCheckDigit(string npi)
    {
        var sum = 24; // the doubled-and-summed digits of the 80840 prefix
        for (var i = 0; i < 9; i++)
        {
            var d = npi[8 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return (10 - (sum % 10)) % 10;
    }

    private void Taxonomy(string taxonomy, string location)
    {
        if (taxonomy.Length != 10 || !AllLettersOrDigits(taxonomy)) Add(X12IssueCodes.Invalid, location, "A provider taxonomy code has ten letters or digits.");
    }

    private void Code(string? value, string location, int min, int max)
    {
        if (Text(value, location, min, max) && !AllLettersOrDigits(value!)) Add(X12IssueCodes.Invalid, location, "A code has letters and digits only.");
    }

    private void Digits(string? value, string location, int min, int max)
    {
        if (Text(value, location, min, max) && value!.AsSpan().ContainsAnyExceptInRange('0', '9')) Add(X12IssueCodes.Invalid, location, $"The value has {(min == max ? $"{min}" : $"{min} to {max}")} digits.");
    }

    /// <summary>Presence, length, character set and delimiters of one element. True when it passed.</summary>
    private bool Text(string? value, string location, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(X12IssueCodes.Required, location, "The value is required.");
            return false;
        }
        if (value.Length < min || value.Length > max)
        {
            Add(X12IssueCodes.Length, location, $"The value has {value.Length} characters; {min} to {max} are allowed.");
            return false;
        }
        if (value[0] == ' ' || value[^1] == ' ')
        {
            Add(X12IssueCodes.Invalid, location, "The value has leading or trailing spaces.");
            return false;
        }
        foreach (var c in value)
        {
            // The X12 extended character set is printable ASCII; a delimiter inside a value would split the element.
            if (c < 0x20 || c > 0x7E)
            {
                Add(X12IssueCodes.Characters, location, "The value has a character outside printable ASCII (accents and control characters are not sent).");
                return false;
            }
            if (_separators.IsDelimiter(c))
            {
                Add(X12IssueCodes.Delimiter, location, "The value contains one of the interchange's delimiters.");
                return false;
            }
        }
        return true;
    }

    private static string At(int line, string element) => $"2400 LX {line + 1} {element}";

    private static bool AllLettersOrDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }
        return true;
    }

    // Codes are compared upper case by payers' edits; a lower-case code is a mapping bug upstream, so it is refused, not fixed.
    private static bool AllUpperLettersOrDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c)) return false;
        }
        return true;
    }

    private static bool IsIcd10WithoutDot(string? code) =>
        code is { Length: >= 3 and <= 7 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiDigit(code[1]) && AllUpperLettersOrDigits(code);

    private static bool LooksLikePostOfficeBox(string? line)
    {
        if (line is null) return false;
        // "PO BOX 12", "P.O. Box 12", "Post Office Box 12": compare letters only, ignoring case and punctuation.
        Span<char> letters = stackalloc char[13];
        var n = 0;
        foreach (var c in line)
        {
            if (n == letters.Length) break;
            if (char.IsAsciiLetter(c)) letters[n++] = char.ToUpperInvariant(c);
            else if (char.IsAsciiDigit(c)) break;
        }
        var word = letters[..n];
        return word.StartsWith("POBOX") || word.StartsWith("POSTOFFICEBOX");
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], value)) return i;
        }
        return -1;
    }

    private void Add(string code, string location, string message) => _issues.Add(new X12Issue(code, _claim, location, message));
}

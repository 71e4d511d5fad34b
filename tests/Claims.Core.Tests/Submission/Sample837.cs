using Claims.Submission;

namespace Claims.Core.Tests.Submission;

/// <summary>
/// Synthetic 837P inputs for the golden files and the checker: invented people, a fixed clock and fixed
/// control numbers, so the output is the same on every run. NPIs are made valid with the checker's own Luhn.
/// </summary>
internal static class Sample837
{
    public static readonly DateTime CreatedAt = new(2026, 11, 30, 9, 15, 0, DateTimeKind.Unspecified);

    public static readonly X12BillingProvider Clinic = new(
        X12Checker.MakeNpi(123456789), "987654321", "Riverside Family Practice",
        new X12Address("100 Main Street", "Suite 200", "Springfield", "IL", "627011234"), "207Q00000X");

    public static readonly X12Payer Medicare = new("Medicare Part B", "00952", new X12Address("PO Box 3000", null, "Indianapolis", "IN", "46206"));

    public static readonly X12Payer Commercial = new("Acme Health Plan", "ACME1");

    public static readonly X12RenderingProvider DrSmith = new(X12Checker.MakeNpi(234567890), "Smith", "Anna", "207Q00000X");

    public static X12Subscriber SelfSubscriber(string memberId = "1EG4TE5MK73", string responsibility = "P", string filing = "MB") => new(
        memberId, "Doe", "Jane", new DateOnly(1950, 4, 2), "F",
        new X12Address("12 Elm Road", null, "Springfield", "IL", "62702"), responsibility, null, filing);

    public static X12Subscriber ParentSubscriber() => new(
        "XYZ123456789", "Roe", "Richard", null, null,
        new X12Address("48 Oak Avenue", "Apt 3", "Springfield", "IL", "627040001"), "P", "GRP-5501", "CI");

    public static X12Patient Child() => new("19", "Roe", "Lily", new DateOnly(2019, 7, 15), "F", new X12Address("48 Oak Avenue", "Apt 3", "Springfield", "IL", "627040001"));

    public static Professional837Line Line(string code, long cents, int[] pointers, params string[] modifiers) =>
        new(code, modifiers, cents, 1, pointers, new DateOnly(2026, 11, 20));

    public static Professional837Claim OfficeVisit(string controlNumber, X12Payer? payer = null, X12Subscriber? subscriber = null) => new(
        controlNumber, "1", "11", ["J209", "R509"],
        [Line("99213", 12500, [1, 2], "25"), Line("71046", 8050, [1])],
        Clinic, subscriber ?? SelfSubscriber(), payer ?? Medicare)
    {
        RenderingProvider = DrSmith,
        OnsetDate = new DateOnly(2026, 11, 17),
    };

    public static Professional837Batch Batch(params Professional837Claim[] claims) => Batch((IReadOnlyList<Professional837Claim>)claims);

    public static Professional837Batch Batch(IReadOnlyList<Professional837Claim> claims, bool lineBreaks = true) => new(
        new InterchangeSettings("ZZ", "CLAIMSBPO", "ZZ", "CLEARINGHOUSE1", 'T') { LineBreakAfterSegment = lineBreaks },
        new X12ControlNumbers(Interchange: 1021, Group: 2041, FirstTransactionSet: 1),
        CreatedAt,
        "BATCH20261130-01",
        new X12Submitter("Claims BPO Services", "CLAIMSBPO", "EDI Desk", "2175550100", "edi@claims.example"),
        new X12Receiver("Clearinghouse One", "CLEARINGHOUSE1"),
        claims);

    /// <summary>The golden scenarios: file name (under Submission/Golden) and input.</summary>
    public static IEnumerable<(string Name, Professional837Batch Batch)> GoldenScenarios()
    {
        yield return ("subscriber-is-patient", Batch(OfficeVisit("CLM0001")));

        yield return ("dependent", Batch(OfficeVisit("CLM0002", Commercial, ParentSubscriber()) with { Patient = Child(), RenderingProvider = null }));

        yield return ("secondary-payer", Batch(OfficeVisit("CLM0003", Commercial, SelfSubscriber("W998877665", "S", "CI") with { GroupNumber = "G-20" })));

        // The same claim sent to the secondary after Medicare paid: 2320/2330A/2330B and 2430 from the primary's 835.
        var adjudicated = new DateOnly(2026, 11, 27);
        var cob = OfficeVisit("CLM0011", Commercial, SelfSubscriber("W998877665", "S", "CI"));
        yield return ("secondary-after-primary", Batch(cob with
        {
            OtherPayers = [new X12OtherPayer("P", "MB", "1EG4TE5MK73", "Doe", "Jane", Medicare, 13000, adjudicated) { RemainingPatientLiabilityCents = 3650 }],
            Lines =
            [
                cob.Lines[0] with { Adjudications = [new X12LineAdjudication("00952", 8000, "99213", ["25"], 1, adjudicated) { Adjustments = [new("CO", "45", 2500), new("PR", "2", 2000)] }] },
                cob.Lines[1] with { Adjudications = [new X12LineAdjudication("00952", 5000, "71046", [], 1, adjudicated) { Adjustments = [new("CO", "45", 1400), new("PR", "1", 1650)] }] },
            ],
        }));

        yield return ("replacement", Batch(OfficeVisit("CLM0004") with { FrequencyCode = "7", PayerClaimNumber = "22126300123400" }));

        yield return ("void", Batch(OfficeVisit("CLM0005") with { FrequencyCode = "8", PayerClaimNumber = "22126300123401" }));

        string[] codes = ["99214", "36415", "85025", "80053", "81002", "87880", "93000", "96372", "90471", "90686"];
        string[][] modifiers = [[], ["25"], ["59", "RT"], ["XS", "LT", "76"], ["26", "59", "XU", "GA"]];
        var many = Enumerable.Range(0, 50).Select(i => new Professional837Line(
            codes[i % codes.Length], modifiers[i % modifiers.Length], 1000 + (i * 137), 1 + (i % 3),
            i % 2 == 0 ? [1 + (i % 4), 1 + ((i + 1) % 4)] : [1 + (i % 4)], new DateOnly(2026, 11, 1 + (i % 28)))).ToArray();
        yield return ("fifty-lines", Batch(OfficeVisit("CLM0006") with { Diagnoses = ["E119", "I10", "E785", "N390"], Lines = many }));

        string[] twelve = ["E1165", "I10", "E785", "N183", "E669", "Z6833", "M545", "K219", "J449", "F329", "G4733", "Z794"];
        yield return ("twelve-diagnoses", Batch(OfficeVisit("CLM0007") with
        {
            Diagnoses = twelve,
            Lines = [Line("99215", 21000, [1, 2, 3, 4]), Line("83036", 2500, [5, 6, 7, 8]), Line("80061", 3500, [9, 10, 11, 12])],
        }));

        // Two payers and two claims of one patient: two ST, and both Medicare claims share one 2000B.
        yield return ("two-payers", Batch(OfficeVisit("CLM0008"), OfficeVisit("CLM0009", Commercial, ParentSubscriber()) with { Patient = Child() }, OfficeVisit("CLM0010")));
    }
}

using System.Globalization;
using System.Text;

namespace Claims.Submission;

/// <summary>
/// Writes an X12 837P (005010X222A1) interchange: one ISA/GS, one ST per payer (split every 5,000 claims),
/// and under each ST a 2000A per billing provider, a 2000B per run of claims for the same subscriber and patient
/// (at most 100 claims under one HL), a 2000C when the patient is not the subscriber, then 2300/2310B/2400.
/// The batch is validated first; when anything is wrong the result carries the issues and nothing is written.
/// Output is streamed segment by segment and never buffered; beyond the caller's input the writer holds one list
/// reference per claim (the payer and billing-provider grouping), so a 100,000-claim batch costs a few MiB, not the file.
/// </summary>
public static class Professional837Writer
{
    public const string Version = "005010X222A1";

    /// <summary>TR3: at most 5,000 CLM per transaction set (ST/SE); larger batches get more transaction sets.</summary>
    public const int MaxClaimsPerTransactionSet = 5_000;

    /// <summary>TR3: loop 2300 repeats at most 100 times under one 2000B/2000C.</summary>
    public const int MaxClaimsPerHierarchy = 100;

    public static Professional837Result Validate(Professional837Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new Professional837Result(Professional837Validator.Validate(batch), 0, 0, 0);
    }

    /// <summary>Validates, then writes ASCII to <paramref name="output"/> (left open). Nothing is written when there are issues.</summary>
    public static Professional837Result Write(Professional837Batch batch, Stream output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        var issues = Professional837Validator.Validate(batch);
        if (issues.Count > 0) return Professional837Result.Failed(issues);
        // Validated data is printable ASCII, so UTF-8 without a BOM writes the same bytes as ASCII.
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var result = WriteValidated(batch, writer);
        writer.Flush();
        return result;
    }

    /// <summary>
    /// Validates, then writes to <paramref name="output"/>. Nothing is written when there are issues. The writer is
    /// neither flushed nor closed: it belongs to the caller.
    /// </summary>
    public static Professional837Result Write(Professional837Batch batch, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        var issues = Professional837Validator.Validate(batch);
        return issues.Count > 0 ? Professional837Result.Failed(issues) : WriteValidated(batch, output);
    }

    private static Professional837Result WriteValidated(Professional837Batch batch, TextWriter output)
    {
        var settings = batch.Interchange;
        var w = new X12SegmentWriter(output, settings.Separators, settings.LineBreakAfterSegment);
        WriteIsa(w, batch);
        WriteGs(w, batch);
        var transactionSets = 0;
        var controlNumber = batch.ControlNumbers.FirstTransactionSet;
        foreach (var payerClaims in GroupByPayer(batch.Claims))
        {
            for (var start = 0; start < payerClaims.Count; start += MaxClaimsPerTransactionSet)
            {
                var chunk = payerClaims.GetRange(start, Math.Min(MaxClaimsPerTransactionSet, payerClaims.Count - start));
                WriteTransactionSet(w, batch, chunk, controlNumber++);
                transactionSets++;
            }
        }
        w.Segment("GE").Element(transactionSets).Element(batch.ControlNumbers.Group).End();
        w.Segment("IEA").Element(1).Element(Isa13(batch)).End();
        return new Professional837Result([], transactionSets, batch.Claims.Count, w.Total);
    }

    private static void WriteIsa(X12SegmentWriter w, Professional837Batch batch)
    {
        var s = batch.Interchange;
        var at = batch.CreatedAt;
        // ISA is fixed width (106 characters with the terminator): every element is sent at its full size.
        w.Segment("ISA").Element("00").Element("          ").Element("00").Element("          ")
            .Element(s.SenderQualifier).Element(s.SenderId.PadRight(15))
            .Element(s.ReceiverQualifier).Element(s.ReceiverId.PadRight(15))
            .Element(at.ToString("yyMMdd", CultureInfo.InvariantCulture)).Element(at.ToString("HHmm", CultureInfo.InvariantCulture))
            .Element(s.Separators.Repetition.ToString()).Element("00501").Element(Isa13(batch))
            .Element(s.AcknowledgmentRequested ? "1" : "0").Element(s.UsageIndicator.ToString()).Element(s.Separators.Component.ToString())
            .End();
    }

    private static void WriteGs(X12SegmentWriter w, Professional837Batch batch)
    {
        var s = batch.Interchange;
        w.Segment("GS").Element("HC").Element(s.ApplicationSenderCode ?? s.SenderId.Trim()).Element(s.ApplicationReceiverCode ?? s.ReceiverId.Trim())
            .Element(batch.CreatedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).Element(batch.CreatedAt.ToString("HHmm", CultureInfo.InvariantCulture))
            .Element(batch.ControlNumbers.Group).Element("X").Element(Version).End();
    }

    private static string Isa13(Professional837Batch batch) => batch.ControlNumbers.Interchange.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>Claims per payer ("one ST per payer"), payers in order of first appearance, claims in input order.</summary>
    private static List<List<Professional837Claim>> GroupByPayer(IReadOnlyList<Professional837Claim> claims)
    {
        var groups = new List<List<Professional837Claim>>();
        var byPayer = new Dictionary<X12Payer, List<Professional837Claim>>();
        foreach (var claim in claims)
        {
            if (!byPayer.TryGetValue(claim.Payer, out var list))
            {
                list = [];
                byPayer.Add(claim.Payer, list);
                groups.Add(list);
            }
            list.Add(claim);
        }
        return groups;
    }

    private static void WriteTransactionSet(X12SegmentWriter w, Professional837Batch batch, List<Professional837Claim> claims, int controlNumber)
    {
        var st02 = controlNumber.ToString("D4", CultureInfo.InvariantCulture);
        w.ResetCount();
        w.Segment("ST").Element("837").Element(st02).Element(Version).End();
        // BHT: 0019 = information source, subscriber, dependent; 00 = original; CH = chargeable (fee-for-service).
        w.Segment("BHT").Element("0019").Element("00").Element(batch.BatchReference)
            .Element(batch.CreatedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).Element(batch.CreatedAt.ToString("HHmm", CultureInfo.InvariantCulture))
            .Element("CH").End();
        WriteSubmitterAndReceiver(w, batch);

        var hl = 0;
        foreach (var providerClaims in GroupByBillingProvider(claims))
        {
            var providerHl = ++hl;
            WriteBillingProvider(w, providerClaims[0].BillingProvider, providerHl);
            var i = 0;
            while (i < providerClaims.Count)
            {
                var first = providerClaims[i];
                var end = i + 1;
                while (end < providerClaims.Count && end - i < MaxClaimsPerHierarchy && SameInsuredAndPatient(first, providerClaims[end])) end++;
                var subscriberHl = ++hl;
                WriteSubscriber(w, first, subscriberHl, providerHl);
                if (first.Patient is { } patient) WritePatient(w, patient, ++hl, subscriberHl);
                for (var c = i; c < end; c++) WriteClaim(w, providerClaims[c]);
                i = end;
            }
        }
        w.Segment("SE").Element(w.Count + 1).Element(st02).End();
    }

    private static bool SameInsuredAndPatient(Professional837Claim a, Professional837Claim b) =>
        ReferenceEquals(a.Subscriber, b.Subscriber) && ReferenceEquals(a.Patient, b.Patient)
        || (a.Subscriber == b.Subscriber && a.Patient == b.Patient);

    private static List<List<Professional837Claim>> GroupByBillingProvider(List<Professional837Claim> claims)
    {
        var groups = new List<List<Professional837Claim>>();
        var byProvider = new Dictionary<X12BillingProvider, List<Professional837Claim>>();
        foreach (var claim in claims)
        {
            if (!byProvider.TryGetValue(claim.BillingProvider, out var list))
            {
                list = [];
                byProvider.Add(claim.BillingProvider, list);
                groups.Add(list);
            }
            list.Add(claim);
        }
        return groups;
    }

    private static void WriteSubmitterAndReceiver(X12SegmentWriter w, Professional837Batch batch)
    {
        var submitter = batch.Submitter;
        // 1000A/1000B: NM102 2 = non-person entity, NM108 46 = electronic transmitter identification number.
        w.Segment("NM1").Element("41").Element("2").Text(submitter.Name).Element(null).Element(null).Element(null).Element(null).Element("46").Element(submitter.Id).End();
        w.Segment("PER").Element("IC").Text(submitter.ContactName);
        if (!string.IsNullOrEmpty(submitter.Phone)) w.Element("TE").Element(submitter.Phone);
        if (!string.IsNullOrEmpty(submitter.Email)) w.Element("EM").Element(submitter.Email);
        w.End();
        w.Segment("NM1").Element("40").Element("2").Text(batch.Receiver.Name).Element(null).Element(null).Element(null).Element(null).Element("46").Element(batch.Receiver.Id).End();
    }

    private static void WriteBillingProvider(X12SegmentWriter w, X12BillingProvider provider, int hl)
    {
        w.Segment("HL").Element(hl).Element(null).Element("20").Element("1").End();
        if (provider.Taxonomy is not null) w.Segment("PRV").Element("BI").Element("PXC").Element(provider.Taxonomy).End();
        w.Segment("NM1").Element("85").Element("2").Text(provider.OrganizationName).Element(null).Element(null).Element(null).Element(null).Element("XX").Element(provider.Npi).End();
        WriteAddress(w, provider.Address);
        w.Segment("REF").Element("EI").Element(provider.TaxId).End();
    }

    private static void WriteSubscriber(X12SegmentWriter w, Professional837Claim claim, int hl, int parentHl)
    {
        var subscriber = claim.Subscriber;
        var isPatient = claim.Patient is null;
        w.Segment("HL").Element(hl).Element(parentHl).Element("22").Element(isPatient ? "0" : "1").End();
        // SBR02 = 18 (self) only when the subscriber is the patient; otherwise the relationship goes in PAT01.
        w.Segment("SBR").Element(subscriber.PayerResponsibility).Element(isPatient ? "18" : null).Element(subscriber.GroupNumber)
            .Element(null).Element(null).Element(null).Element(null).Element(null).Element(subscriber.ClaimFilingIndicator).End();
        w.Segment("NM1").Element("IL").Element("1").Text(subscriber.LastName).Text(subscriber.FirstName).Element(null).Element(null).Element(null).Element("MI").Element(subscriber.MemberId).End();
        if (subscriber.Address is not null) WriteAddress(w, subscriber.Address);
        // 2010BA DMG: required when the subscriber is the patient; "if not required, do not send" otherwise.
        if (isPatient) w.Segment("DMG").Element("D8").Date(subscriber.BirthDate!.Value).Element(subscriber.Sex).End();
        var payer = claim.Payer;
        w.Segment("NM1").Element("PR").Element("2").Text(payer.Name).Element(null).Element(null).Element(null).Element(null).Element("PI").Element(payer.PayerId).End();
        if (payer.Address is not null) WriteAddress(w, payer.Address);
    }

    private static void WritePatient(X12SegmentWriter w, X12Patient patient, int hl, int parentHl)
    {
        w.Segment("HL").Element(hl).Element(parentHl).Element("23").Element("0").End();
        w.Segment("PAT").Element(patient.RelationshipCode).End();
        w.Segment("NM1").Element("QC").Element("1").Text(patient.LastName).Text(patient.FirstName).End();
        WriteAddress(w, patient.Address);
        w.Segment("DMG").Element("D8").Date(patient.BirthDate).Element(patient.Sex).End();
    }

    private static void WriteAddress(X12SegmentWriter w, X12Address address)
    {
        w.Segment("N3").Text(address.Line1).Text(address.Line2).End();
        w.Segment("N4").Text(address.City).Text(address.State).Element(address.PostalCode).End();
    }

    private static void WriteClaim(X12SegmentWriter w, Professional837Claim claim)
    {
        long total = 0;
        foreach (var line in claim.Lines) total += line.ChargeCents;
        var ind = claim.Indicators;
        // CLM05 = place of service : B (professional claim facility code qualifier) : frequency.
        w.Segment("CLM").Element(claim.ControlNumber).Amount(total).Element(null).Element(null)
            .Composite(claim.PlaceOfService).Component("B").Component(claim.FrequencyCode)
            .Element(ind.ProviderSignatureOnFile ? "Y" : "N").Element(ind.Assignment).Element(ind.BenefitsAssignment).Element(ind.ReleaseOfInformation).End();
        if (claim.OnsetDate is { } onset) w.Segment("DTP").Element("431").Element("D8").Date(onset).End();
        if (claim.FrequencyCode is "7" or "8") w.Segment("REF").Element("F8").Element(claim.PayerClaimNumber).End();
        WriteDiagnoses(w, claim.Diagnoses);
        if (claim.RenderingProvider is { } rendering)
        {
            w.Segment("NM1").Element("82").Element("1").Text(rendering.LastName).Text(rendering.FirstName).Element(null).Element(null).Element(null).Element("XX").Element(rendering.Npi).End();
            if (rendering.Taxonomy is not null) w.Segment("PRV").Element("PE").Element("PXC").Element(rendering.Taxonomy).End();
        }
        foreach (var other in claim.OtherPayers) WriteOtherPayer(w, other, claim.Indicators);
        for (var i = 0; i < claim.Lines.Count; i++) WriteLine(w, claim.Lines[i], i + 1);
    }

    // 2320 follows the 2310 provider loops; 2330A/2330B follow their 2320 (005010X222A1 2320-2330G).
    private static void WriteOtherPayer(X12SegmentWriter w, X12OtherPayer other, X12ClaimIndicators indicators)
    {
        w.Segment("SBR").Element(other.PayerResponsibility).Element(other.RelationshipCode).Element(other.GroupNumber)
            .Element(null).Element(null).Element(null).Element(null).Element(null).Element(other.ClaimFilingIndicator).End();
        WriteAdjustments(w, other.Adjustments);
        w.Segment("AMT").Element("D").Amount(other.PaidCents).End();
        if (other.RemainingPatientLiabilityCents is { } remaining) w.Segment("AMT").Element("EAF").Amount(remaining).End();
        // OI03 benefits assignment and OI06 release of information repeat the claim's own (CLM08, CLM09).
        w.Segment("OI").Element(null).Element(null).Element(indicators.BenefitsAssignment).Element(null).Element(null).Element(indicators.ReleaseOfInformation).End();
        w.Segment("NM1").Element("IL").Element("1").Text(other.LastName).Text(other.FirstName).Element(null).Element(null).Element(null).Element("MI").Element(other.MemberId).End();
        w.Segment("NM1").Element("PR").Element("2").Text(other.Payer.Name).Element(null).Element(null).Element(null).Element(null).Element("PI").Element(other.Payer.PayerId).End();
        w.Segment("DTP").Element("573").Element("D8").Date(other.AdjudicationDate).End();
    }

    // One CAS per group, at most six reason/amount/quantity triplets each (CAS02-CAS19); more of a group opens another CAS.
    private static void WriteAdjustments(X12SegmentWriter w, IReadOnlyList<X12Adjustment> adjustments)
    {
        foreach (var group in adjustments.GroupBy(a => a.Group))
        {
            foreach (var chunk in group.Chunk(6))
            {
                w.Segment("CAS").Element(group.Key);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var a = chunk[i];
                    w.Element(a.Reason).Amount(a.AmountCents);
                    if (a.Quantity is { } quantity) w.Element(quantity.ToString("0.##", CultureInfo.InvariantCulture));
                    else if (i < chunk.Length - 1) w.Element(null);
                }
                w.End();
            }
        }
    }

    private static void WriteDiagnoses(X12SegmentWriter w, IReadOnlyList<string> diagnoses)
    {
        // ABK = ICD-10-CM principal diagnosis, ABF = other ICD-10-CM diagnoses, all in one HI (HI01-HI12).
        w.Segment("HI").Composite("ABK").Component(diagnoses[0]);
        for (var i = 1; i < diagnoses.Count; i++) w.Composite("ABF").Component(diagnoses[i]);
        w.End();
    }

    private static void WriteLine(X12SegmentWriter w, Professional837Line line, int number)
    {
        w.Segment("LX").Element(number).End();
        w.Segment("SV1").Composite("HC").Component(line.ProcedureCode);
        foreach (var modifier in line.Modifiers) w.Component(modifier);
        w.Amount(line.ChargeCents).Element("UN").Element(line.Units).Element(null).Element(null)
            .Composite(PointerText(line.DiagnosisPointers[0]));
        for (var p = 1; p < line.DiagnosisPointers.Count; p++) w.Component(line.DiagnosisPointers[p]);
        w.End();
        w.Segment("DTP").Element("472").Element("D8").Date(line.ServiceDate).End();
        foreach (var adjudication in line.Adjudications)
        {
            w.Segment("SVD").Element(adjudication.PayerId).Amount(adjudication.PaidCents).Composite("HC").Component(adjudication.ProcedureCode);
            foreach (var modifier in adjudication.Modifiers) w.Component(modifier);
            w.Element(null).Element(adjudication.Units).End();
            WriteAdjustments(w, adjudication.Adjustments);
            w.Segment("DTP").Element("573").Element("D8").Date(adjudication.AdjudicationDate).End();
        }
    }

    private static readonly string[] Pointers = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

    private static string PointerText(int pointer) => Pointers[pointer - 1];
}

using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirMoney = Hl7.Fhir.Model.Money;

namespace Claims.Remittance;

/// <summary>What a ClaimResponse needs beside the postings: the claim, the patient's pseudonym, the payer, and each posting's trace.</summary>
public sealed record FhirClaimResponseContext(Guid ClaimId, string PatientPseudonym, string? PayerName, string? PayerId, IReadOnlyDictionary<Guid, string?> TraceNumbers);

/// <summary>
/// Writes a claim's posted adjudications as FHIR R4 ClaimResponse resources in a searchset Bundle: one per posted CLP
/// (a reversal and the posting it undoes are <c>cancelled</c>), with the outcome, the payment (CLP04, the 835's trace),
/// per line the submitted, eligible (allowed) and benefit (paid) amounts and every CAS as an adjudication whose category
/// is its group and whose reason is the CARC with its words, remark codes as process notes, and totals including the
/// patient's responsibility. The patient appears by pseudonym only.
/// </summary>
public static class FhirClaimResponseWriter
{
    public const string CarcSystem = "https://x12.org/codes/claim-adjustment-reason-codes";
    public const string RarcSystem = "https://x12.org/codes/remittance-advice-remark-codes";
    public const string GroupSystem = "https://x12.org/codes/claim-adjustment-group-codes";
    public const string AdjudicationSystem = "http://terminology.hl7.org/CodeSystem/adjudication";
    public const string LocalAdjudicationSystem = "https://claims.local/fhir/CodeSystem/adjudication";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static Bundle Searchset(ExplanationOfBenefitsView eob, FhirClaimResponseContext context, IReadOnlyList<Guid> postingIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(eob);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(postingIds);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Timestamp = now, Total = eob.Payments.Count };
        // A reversal cancels itself and the posting before it that it undoes (the latest open one).
        var cancelled = new HashSet<int>();
        for (var i = 0; i < eob.Payments.Count; i++)
        {
            if (!eob.Payments[i].IsReversal) continue;
            cancelled.Add(i);
            for (var j = i - 1; j >= 0; j--)
            {
                if (eob.Payments[j].IsReversal || cancelled.Contains(j)) continue;
                cancelled.Add(j);
                break;
            }
        }
        for (var i = 0; i < eob.Payments.Count; i++)
        {
            var response = ToFhir(eob.Payments[i], postingIds[i], cancelled.Contains(i), context);
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "ClaimResponse/" + response.Id,
                Resource = response,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }
        return bundle;
    }

    public static string ToJson(Resource resource) => JsonSerializer.Serialize(resource, Json);

    private static ClaimResponse ToFhir(EobPaymentView p, Guid postingId, bool cancelled, FhirClaimResponseContext context)
    {
        var partial = p.StatusCode != "4" && p.PaidCents > 0 && AllAdjustments(p).Any(a => LedgerEntry.Classify(new Adjustment(a.Group, a.Reason, a.AmountCents, a.Quantity)) == LedgerEntryKind.Denied && a.AmountCents != 0);
        var response = new ClaimResponse
        {
            Id = postingId.ToString(),
            Status = cancelled ? FinancialResourceStatusCodes.Cancelled : FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference { Identifier = new Identifier("https://claims.local/fhir/sid/patient-pseudonym", context.PatientPseudonym) },
            Created = p.PostedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Insurer = new ResourceReference { Display = context.PayerName ?? "payer", Identifier = context.PayerId is null ? null : new Identifier("https://claims.local/fhir/sid/payer-id", context.PayerId) },
            Request = new ResourceReference("Claim/" + context.ClaimId),
            Outcome = partial ? ClaimProcessingCodes.Partial : ClaimProcessingCodes.Complete,
            Disposition = $"CLP02 {p.StatusCode}: {p.StatusText}" + (p.IsReversal ? " (reversal of an earlier payment)" : ""),
        };
        if (p.PayerClaimNumber is { } number) response.Identifier.Add(new Identifier("https://claims.local/fhir/sid/payer-claim-number", number));
        var notes = new List<EobRemarkView>();
        int Note(EobRemarkView remark)
        {
            var index = notes.FindIndex(n => n.Code == remark.Code);
            if (index < 0)
            {
                notes.Add(remark);
                index = notes.Count - 1;
            }
            return index + 1;
        }
        for (var i = 0; i < p.Lines.Count; i++)
        {
            var line = p.Lines[i];
            var item = new ClaimResponse.ItemComponent { ItemSequence = line.LineNumber ?? i + 1 };
            if (line.ChargeCents is { } charge) item.Adjudication.Add(Amount(AdjudicationSystem, "submitted", charge));
            if (line.AllowedCents is { } allowed) item.Adjudication.Add(Amount(AdjudicationSystem, "eligible", allowed));
            item.Adjudication.Add(Amount(AdjudicationSystem, "benefit", line.PaidCents ?? 0));
            foreach (var a in line.Adjustments) item.Adjudication.Add(Adjustment(a));
            foreach (var r in line.Remarks) item.NoteNumberElement.Add(new PositiveInt(Note(r)));
            response.Item.Add(item);
        }
        foreach (var a in p.Adjustments) response.Adjudication.Add(Adjustment(a));
        foreach (var r in p.Remarks) Note(r);
        var patient = p.PatientResponsibilityCents ?? AllAdjustments(p).Where(a => a.Group == "PR").Sum(a => a.AmountCents);
        response.Total.Add(Total(AdjudicationSystem, "submitted", p.ChargeCents));
        response.Total.Add(Total(AdjudicationSystem, "benefit", p.PaidCents));
        response.Total.Add(Total(LocalAdjudicationSystem, "patient-responsibility", patient, "Patient responsibility"));
        response.Payment = new ClaimResponse.PaymentComponent
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/ex-paymenttype", partial ? "partial" : "complete"),
            Date = p.PostedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Amount = Money(p.PaidCents),
            Identifier = context.TraceNumbers.GetValueOrDefault(postingId) is { } trace ? new Identifier("https://claims.local/fhir/sid/835-trace", trace) : null,
        };
        for (var n = 0; n < notes.Count; n++)
            response.ProcessNote.Add(new ClaimResponse.NoteComponent { Number = n + 1, Type = NoteType.Print, Text = $"{notes[n].Code}: {notes[n].Text}" });
        return response;
    }

    private static IEnumerable<EobAdjustmentView> AllAdjustments(EobPaymentView p) => p.Adjustments.Concat(p.Lines.SelectMany(l => l.Adjustments));

    private static ClaimResponse.AdjudicationComponent Amount(string system, string code, long cents) => new()
    {
        Category = new CodeableConcept(system, code),
        Amount = Money(cents),
    };

    private static ClaimResponse.AdjudicationComponent Adjustment(EobAdjustmentView a) => new()
    {
        Category = new CodeableConcept(GroupSystem, a.Group, a.GroupText, null),
        Reason = new CodeableConcept(CarcSystem, a.Reason, a.ReasonText, null),
        Amount = Money(a.AmountCents),
        Value = a.Quantity,
    };

    private static ClaimResponse.TotalComponent Total(string system, string code, long cents, string? display = null) => new()
    {
        Category = display is null ? new CodeableConcept(system, code) : new CodeableConcept(system, code, display, null),
        Amount = Money(cents),
    };

    private static FhirMoney Money(long cents) => new() { Value = cents / 100m, Currency = FhirMoney.Currencies.USD };
}

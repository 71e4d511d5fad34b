namespace Claims.IntegrationTests.Billing;

/// <summary>
/// Small hand-made FHIR bundles for the billing-window, filing-deadline and fee tests: one patient with a commercial
/// payer and one encounter per date, each with a FHIR Claim of two CPT items: 99213 with a net amount, 36415 without.
/// Synthetic (no real person).
/// </summary>
internal static class FrontBillingBundles
{
    public static string For(string id, params DateOnly[] dates)
    {
        var entries = new List<string>
        {
            """{"fullUrl":"urn:uuid:00000000-0000-4000-9000-000000000001","resource":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-03-04","name":[{"family":"Synthetic","given":["Test"]}]}}""",
            """{"fullUrl":"urn:uuid:00000000-0000-4000-9000-000000000002","resource":{"resourceType":"Organization","id":"payer-1","name":"Acme Health (test)","identifier":[{"system":"https://claims.example.org/payer-id","value":"TEST-ACME"}]}}""",
            """{"fullUrl":"urn:uuid:00000000-0000-4000-9000-000000000003","resource":{"resourceType":"Coverage","id":"cov-1","status":"active","beneficiary":{"reference":"Patient/p1"},"relationship":{"coding":[{"code":"self"}]},"period":{"start":"2000-01-01"},"payor":[{"reference":"Organization/payer-1"}],"subscriberId":"MBR-1"}}""",
        };
        for (var i = 0; i < dates.Length; i++)
        {
            var day = dates[i].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            entries.Add("""{"fullUrl":"urn:uuid:00000000-0000-4000-9100-00000000000@I","resource":{"resourceType":"Encounter","id":"e@I","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"type":[{"coding":[{"system":"http://snomed.info/sct","code":"185349003","display":"Encounter for check up"}]}],"subject":{"reference":"Patient/p1"},"period":{"start":"@DAY","end":"@DAY"}}}""".Replace("@I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("@DAY", day, StringComparison.Ordinal));
            entries.Add("""{"fullUrl":"urn:uuid:00000000-0000-4000-9200-00000000000@I","resource":{"resourceType":"Claim","id":"c@I","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p1"},"created":"@DAY","provider":{"reference":"Organization/payer-1"},"priority":{"coding":[{"code":"normal"}]},"diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10"}]}}],"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/cov-1"}}],"item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"99213"}]},"encounter":[{"reference":"Encounter/e@I"}],"net":{"value":99.00,"currency":"USD"}},{"sequence":2,"diagnosisSequence":[1],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"36415"}]},"encounter":[{"reference":"Encounter/e@I"}]}]}}""".Replace("@I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("@DAY", day, StringComparison.Ordinal));
        }
        return $$"""{"resourceType":"Bundle","id":"{{id}}","type":"collection","entry":[{{string.Join(",", entries)}}]}""";
    }
}

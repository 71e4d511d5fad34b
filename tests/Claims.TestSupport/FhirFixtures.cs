namespace Claims.Testing;

/// <summary>The repository's fixtures/fhir folder.</summary>
public static class FhirFixtures
{
    public static string Root => Fixtures.Path("fhir");

    public static readonly IReadOnlyDictionary<string, int> SyntheaEncounters = new Dictionary<string, int>
    {
        ["Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"] = 3,
        ["Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json"] = 6,
        ["Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"] = 7,
        ["Edward_Gulgowski_43481611-2459-44f5-ab20-4b142dac160f.json"] = 6,
        ["Stanley_Balistreri_08ce8462-f56a-4fd6-b986-ea75c5c6edb2.json"] = 7,
        ["Chauncey_Johnston_f4673866-81fb-411a-8486-0c27f2a5b480.json"] = 8,
        ["Jermaine_Breitenberg_47d6fc65-d809-48ae-87a9-945a1d6854d5.json"] = 11,
    };

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));
}

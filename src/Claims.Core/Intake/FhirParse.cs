
namespace Claims.Intake;

/// <summary>The raw Firely parse on its own, for benchmarks that compare intake with the parser's rate.</summary>
public static class FhirParse
{
    /// <summary>Parses a FHIR JSON resource with the shared deserializer; returns its entry count, or -1 when it has errors.</summary>
    public static int CountResources(byte[] utf8)
    {
        var (resource, issues) = FhirBundleReader.Parse(utf8, IntakeLimits.Default);
        if (issues.Any(i => i.IsError)) return -1;
        return resource is Hl7.Fhir.Model.Bundle bundle ? bundle.Entry.Count(e => e.Resource is not null) : 1;
    }
}

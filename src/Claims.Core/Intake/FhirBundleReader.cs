using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Claims.Intake;

/// <summary>Limits on what intake reads, so a hostile or broken file cannot exhaust memory or the stack.</summary>
public sealed record IntakeLimits(long MaxBundleBytes, int MaxDepth, int MaxStringBytes)
{
    /// <summary>50 MB per bundle (issue 3), JSON nesting 64 (a Synthea bundle needs about 12), 1 MB per string.</summary>
    public static readonly IntakeLimits Default = new(50L * 1024 * 1024, 64, 1024 * 1024);
}

/// <summary>
/// Reads a FHIR R4 JSON resource with the SDK 6 <see cref="FhirJsonDeserializer"/>. One instance serves the
/// whole process: the deserializer is thread-safe and building it (the model inspector) is the costly part.
/// A cheap syntax pass runs first with System.Text.Json's reader so malformed JSON, nesting bombs and huge
/// strings are named with line and position before Firely builds any object.
/// </summary>
internal static class FhirBundleReader
{
    // NoOverflow: Firely reports everything that would lose data (unknown elements, values of the wrong type or
    // literal) and lets through only what it can represent faithfully (e.g. cardinality, wrong-case codes).
    // Strict would also pass every Synthea bundle today, but its checks grow with each SDK release.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.NoOverflow));

    /// <summary>Reads a stream into memory, refusing it once it exceeds the size limit.</summary>
    public static async Task<(byte[]? Bytes, IntakeIssue? Issue)> ReadAllAsync(Stream json, IntakeLimits limits, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await json.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limits.MaxBundleBytes) return (null, TooLarge(limits));
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    public static IntakeIssue TooLarge(IntakeLimits limits) =>
        IntakeIssue.Error(IssueCodes.TooCostly, "Bundle", $"The bundle is larger than the limit of {limits.MaxBundleBytes.ToString(CultureInfo.InvariantCulture)} bytes.");

    /// <summary>Parses a resource: its Firely object (possibly partial) and every problem found on the way.</summary>
    public static (Resource? Resource, List<IntakeIssue> Issues) Parse(ReadOnlySpan<byte> utf8, IntakeLimits limits)
    {
        var issues = new List<IntakeIssue>();
        if (utf8.StartsWith("\xEF\xBB\xBF"u8)) utf8 = utf8[3..];
        if (!SyntaxCheck(utf8, limits, issues)) return (null, issues);

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!Deserializer.TryDeserializeResource(ref reader, out var resource, out var errors))
            {
                foreach (var error in errors) issues.Add(ToIssue(error));
            }
            return (resource, issues);
        }
        catch (JsonException ex)
        {
            issues.Add(Malformed(ex));
            return (null, issues);
        }
        catch (DeserializationFailedException ex)
        {
            foreach (var error in ex.Exceptions) issues.Add(ToIssue(error));
            return (ex.PartialResult as Resource, issues);
        }
    }

    /// <summary>Walks every token once: well-formed JSON, a JSON object at the root, depth and string limits.</summary>
    private static bool SyntaxCheck(ReadOnlySpan<byte> utf8, IntakeLimits limits, List<IntakeIssue> issues)
    {
        if (utf8.IsEmpty)
        {
            issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is empty: expected a FHIR Bundle in JSON."));
            return false;
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            var first = true;
            while (reader.Read())
            {
                if (first && reader.TokenType != JsonTokenType.StartObject)
                {
                    issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is JSON but not an object: expected a FHIR Bundle."));
                    return false;
                }
                first = false;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > limits.MaxStringBytes)
                {
                    var line = utf8[..(int)reader.TokenStartIndex].Count((byte)'\n') + 1;
                    issues.Add(IntakeIssue.Error(IssueCodes.TooCostly, "Bundle",
                        $"A string at line {line.ToString(CultureInfo.InvariantCulture)} is longer than the limit of {limits.MaxStringBytes.ToString(CultureInfo.InvariantCulture)} bytes."));
                    return false;
                }
            }
            return true;
        }
        catch (JsonException ex)
        {
            issues.Add(Malformed(ex));
            return false;
        }
    }

    private static IntakeIssue Malformed(JsonException ex)
    {
        var line = (ex.LineNumber ?? 0) + 1;
        var position = (ex.BytePositionInLine ?? 0) + 1;
        var where = string.Create(CultureInfo.InvariantCulture, $"line {line}, position {position}");
        // System.Text.Json names the "maximum ... depth" it hit; a truncated file also mentions "depth" (open objects).
        var tooDeep = ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase) && ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
        return tooDeep
            ? IntakeIssue.Error(IssueCodes.TooCostly, "Bundle", $"The JSON nests deeper than allowed (at {where}).")
            : IntakeIssue.Error(IssueCodes.Structure, "Bundle", $"Malformed JSON at {where}.");
    }

    private static IntakeIssue ToIssue(CodedException error)
    {
        // Firely's own messages quote the offending value ("string 'X' is not ..."), which can be PHI, so the
        // message is ours: Firely's error code, what kind of problem it is, and where.
        var code = error.ErrorCode ?? "FHIR";
        var what = code switch
        {
            "PVAL128" => "Unknown element: not part of this resource in FHIR R4.",
            _ when code.StartsWith("PVAL", StringComparison.Ordinal) => "The value is not a valid literal for this element's type.",
            _ when code.StartsWith("JSON", StringComparison.Ordinal) => "The JSON here does not have the shape FHIR R4 defines for this element (object, array or primitive).",
            _ => "The resource does not follow the FHIR R4 structure here.",
        };
        if (error is ExtendedCodedException extended)
        {
            var path = string.IsNullOrEmpty(extended.InstancePath) ? "Bundle" : extended.InstancePath;
            var where = extended.LineNumber > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {extended.LineNumber}, position {extended.Position})") : "";
            return IntakeIssue.Error(IssueCodes.Structure, path, $"{code}: {what}{where}");
        }
        return IntakeIssue.Error(IssueCodes.Structure, "Bundle", $"{code}: {what}");
    }
}

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

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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

    /// <summary>
    /// Reads a stream into memory, refusing it once it exceeds the size limit. It never asks the stream for more than
    /// one byte past the limit, so a server that enforces the same limit on the request body never has to fail the read.
    /// </summary>
    public static async Task<(byte[]? Bytes, IntakeIssue? Issue)> ReadAllAsync(Stream json, IntakeLimits limits, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var room = limits.MaxBundleBytes + 1 - buffer.Length;
            var read = await json.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, room)), cancellationToken);
            if (read == 0) break;
            if (buffer.Length + read > limits.MaxBundleBytes) return (null, TooLarge(limits));
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    public static IntakeIssue TooLarge(IntakeLimits limits) =>
        IntakeIssue.Error(IssueCodes.TooCostly, "Bundle", $"The bundle is larger than the limit of {limits.MaxBundleBytes.ToString(CultureInfo.InvariantCulture)} bytes.");

    /// <summary>
    /// Parses a resource: its Firely object (possibly partial) and every problem found on the way. Input that is not
    /// a JSON Bundle at all (bad bytes, bad syntax, another resourceType) is reported alone, before Firely reads it, so
    /// the first cause is not buried under thousands of issues that follow from it.
    /// </summary>
    public static (Resource? Resource, List<IntakeIssue> Issues) Parse(ReadOnlySpan<byte> utf8, IntakeLimits limits)
    {
        var issues = new List<IntakeIssue>();
        // A UTF-8 byte order mark is allowed (RFC 8259 section 8.1 lets a parser ignore it; Windows tools write it).
        if (utf8.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
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

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Walks every token once: valid UTF-8, well-formed JSON, an object at the root whose <c>resourceType</c> is
    /// Bundle, depth and string limits, and escapes that decode (no lone surrogate), so Firely never meets input it
    /// would throw on.
    /// </summary>
    private static bool SyntaxCheck(ReadOnlySpan<byte> utf8, IntakeLimits limits, List<IntakeIssue> issues)
    {
        if (utf8.IsEmpty)
        {
            issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is empty: expected a FHIR Bundle in JSON."));
            return false;
        }
        if (!Utf8.IsValid(utf8))
        {
            issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", $"The body is not valid UTF-8 (at line {LineOf(utf8, FirstInvalidUtf8(utf8))}): FHIR JSON is UTF-8."));
            return false;
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            string? resourceType = null;
            var first = true;
            while (reader.Read())
            {
                if (first && reader.TokenType != JsonTokenType.StartObject)
                {
                    issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is JSON but not an object: expected a FHIR Bundle."));
                    return false;
                }
                first = false;
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                if (reader.ValueSpan.Length > limits.MaxStringBytes)
                {
                    issues.Add(IntakeIssue.Error(IssueCodes.TooCostly, "Bundle",
                        $"A string at line {LineOf(utf8, reader.TokenStartIndex)} is longer than the limit of {limits.MaxStringBytes.ToString(CultureInfo.InvariantCulture)} bytes."));
                    return false;
                }
                if (reader.ValueIsEscaped && !Decodes(ref reader))
                {
                    issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle",
                        $"A string at line {LineOf(utf8, reader.TokenStartIndex)} has an escape that is not a character (a lone surrogate such as \\ud800)."));
                    return false;
                }
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("resourceType"u8))
                {
                    reader.Read();
                    resourceType = reader.TokenType == JsonTokenType.String && Decodes(ref reader) ? reader.GetString() : "";
                }
            }
            return IsBundle(resourceType, issues);
        }
        catch (JsonException ex)
        {
            issues.Add(Malformed(ex));
            return false;
        }
    }

    /// <summary>Whether the string token decodes to UTF-16: a lone surrogate escape makes System.Text.Json throw.</summary>
    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A resource type is named back only when it is one FHIR R4 defines; any other text could be anything.</summary>
    private static bool IsBundle(string? resourceType, List<IntakeIssue> issues)
    {
        if (resourceType == "Bundle") return true;
        issues.Add(resourceType switch
        {
            null => IntakeIssue.Error(IssueCodes.Required, "resourceType", "The JSON object has no resourceType: expected a FHIR Bundle."),
            _ when ModelInfo.IsKnownResource(resourceType) => IntakeIssue.Error(IssueCodes.Invalid, "resourceType", $"Expected a Bundle, got a {resourceType}."),
            _ => IntakeIssue.Error(IssueCodes.Invalid, "resourceType", "Expected a Bundle; the resourceType is not a FHIR R4 resource type."),
        });
        return false;
    }

    private static string LineOf(ReadOnlySpan<byte> utf8, long index) =>
        (utf8[..(int)Math.Min(index, utf8.Length)].Count((byte)'\n') + 1).ToString(CultureInfo.InvariantCulture);

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var index = 0;
        while (index < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[index..], out _, out var consumed) != OperationStatus.Done) return index;
            index += consumed;
        }
        return index;
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
            "PVAL116" => "The code is not one this element allows in FHIR R4.",
            "PVAL124" => "The value is not a valid literal for this element's type (e.g. not a real calendar date).",
            _ when code.StartsWith("PVAL", StringComparison.Ordinal) => "The value is not a valid literal for this element's type.",
            _ when code.StartsWith("JSON", StringComparison.Ordinal) => "The JSON here does not have the shape FHIR R4 defines for this element (object, array or primitive).",
            _ => "The resource does not follow the FHIR R4 structure here.",
        };
        if (error is ExtendedCodedException extended)
        {
            var path = string.IsNullOrEmpty(extended.InstancePath) ? "Bundle" : extended.InstancePath;
            var where = extended.LineNumber > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {extended.LineNumber}, position {extended.Position})") : "";
            // A literal of the right JSON type in the wrong format or outside the value set is a bad value; the rest
            // (unknown elements, a number where a string belongs, an object where an array belongs) is bad structure.
            var issueCode = code is "PVAL116" or "PVAL124" ? IssueCodes.Value : IssueCodes.Structure;
            return IntakeIssue.Error(issueCode, path, $"{code}: {what}{where}");
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

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claims.Cli;

/// <summary>The one JSON shape of every <c>--json</c> output: camelCase, enums as names, indented.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task WriteAsync<T>(TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
}

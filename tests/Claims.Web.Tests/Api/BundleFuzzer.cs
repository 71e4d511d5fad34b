using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Claims.Web.Tests.Api;

/// <summary>
/// Seeded mutations of real fixture bundles, the kinds clinics' exports and hostile senders produce: byte flips,
/// values swapped for another JSON type, deleted elements, duplicated entries, huge numbers, bad UTF-8 and lone
/// surrogates, truncation. The same seed gives the same cases, so a failure can be replayed. Also linked into
/// Claims.IntegrationTests, which runs the CLI over the same kinds of cases.
/// </summary>
internal sealed class BundleFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    public sealed record Case(string Kind, byte[] Body);

    public Case Next(byte[] bundle)
    {
        var kind = _random.Next(8);
        return kind switch
        {
            0 => new("byte-flip", FlipBytes(bundle)),
            1 => new("type-swap", Edit(bundle, SwapType)),
            2 => new("deletion", Edit(bundle, Delete)),
            3 => new("duplicate-entry", Edit(bundle, DuplicateEntry)),
            4 => new("huge-number", Edit(bundle, HugeNumber)),
            5 => new("bad-utf8", BadUtf8(bundle)),
            6 => new("lone-surrogate", LoneSurrogate(bundle)),
            _ => new("truncation", bundle[..(_random.Next(bundle.Length))]),
        };
    }

    private byte[] FlipBytes(byte[] bundle)
    {
        var copy = (byte[])bundle.Clone();
        for (var i = _random.Next(1, 4); i > 0; i--) copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        return copy;
    }

    private static byte[] Edit(byte[] bundle, Action<JsonNode> edit)
    {
        var root = JsonNode.Parse(bundle)!;
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>A random node below the root (never the root itself), with its parent.</summary>
    private (JsonNode Parent, JsonNode? Node, object Key) Pick(JsonNode root)
    {
        var all = new List<(JsonNode Parent, JsonNode? Node, object Key)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject obj)
            {
                foreach (var (key, value) in obj)
                {
                    all.Add((obj, value, key));
                    if (value is not null) Walk(value);
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    all.Add((array, array[i], i));
                    if (array[i] is { } item) Walk(item);
                }
            }
        }
        Walk(root);
        return all[_random.Next(all.Count)];
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj) obj[(string)key] = value;
        else ((JsonArray)parent)[(int)key] = value;
    }

    private void SwapType(JsonNode root)
    {
        var (parent, node, key) = Pick(root);
        JsonNode? replacement = _random.Next(6) switch
        {
            0 => JsonValue.Create(_random.Next(-5, 100_000)),
            1 => JsonValue.Create("x" + _random.Next(1000).ToString(CultureInfo.InvariantCulture)),
            2 => JsonValue.Create(_random.Next(2) == 0),
            3 => null,
            4 => new JsonObject { ["value"] = 1 },
            _ => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
        };
        if (node?.GetValueKind() == replacement?.GetValueKind()) replacement = new JsonArray();
        Set(parent, key, replacement);
    }

    private void Delete(JsonNode root)
    {
        var (parent, _, key) = Pick(root);
        if (parent is JsonObject obj) obj.Remove((string)key);
        else ((JsonArray)parent).RemoveAt((int)key);
    }

    private void DuplicateEntry(JsonNode root)
    {
        if (root["entry"] is not JsonArray { Count: > 0 } entries) return;
        var entry = entries[_random.Next(entries.Count)];
        entries.Insert(_random.Next(entries.Count + 1), entry?.DeepClone());
    }

    private void HugeNumber(JsonNode root)
    {
        var (parent, _, key) = Pick(root);
        string[] huge = ["1e400", "-1e400", "99999999999999999999999999999999", "1e-400", "-0.0000000000000000000000000000001", "2147483648", "-9223372036854775809"];
        Set(parent, key, JsonNode.Parse(huge[_random.Next(huge.Length)]));
    }

    /// <summary>Invalid UTF-8 (a bad continuation, an overlong form, a stray continuation byte, 0xFF) inside a string.</summary>
    private byte[] BadUtf8(byte[] bundle)
    {
        byte[][] bad = [[0xC3, 0x28], [0xC0, 0xAF], [0x80], [0xFF], [0xED, 0xA0, 0x80]];
        var at = QuoteAt(bundle);
        return [.. bundle[..at], .. bad[_random.Next(bad.Length)], .. bundle[at..]];
    }

    private byte[] LoneSurrogate(byte[] bundle)
    {
        string[] escapes = ["\\ud800", "\\udfff", "\\ud83d", "\\ud800\\u0041"];
        var at = QuoteAt(bundle);
        return [.. bundle[..at], .. Encoding.ASCII.GetBytes(escapes[_random.Next(escapes.Length)]), .. bundle[at..]];
    }

    /// <summary>A position just after an opening quote, so the bytes land inside a string.</summary>
    private int QuoteAt(byte[] bundle)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var i = _random.Next(bundle.Length);
            if (bundle[i] == (byte)'"') return i + 1;
        }
        return bundle.Length / 2;
    }
}

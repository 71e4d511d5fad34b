using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claims.Security;

internal sealed record KeyEntry(string Id, DateTimeOffset Created, string Key);

internal sealed record SigningKeyEntry(string Id, DateTimeOffset Created, string Pkcs8);

internal sealed record KeyRingDocument(int Format, List<KeyEntry> Keks, string PrimaryKek, string BlindIndexKey, List<SigningKeyEntry> SigningKeys, string PrimarySigningKey)
{
    public static KeyEntry NewKek(string id) => new(id, DateTimeOffset.UtcNow, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static KeyRingDocument New()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new KeyRingDocument(
            1,
            [NewKek("kek-1")],
            "kek-1",
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [new SigningKeyEntry("audit-1", DateTimeOffset.UtcNow, Convert.ToBase64String(signing.ExportPkcs8PrivateKey()))],
            "audit-1");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(KeyRingDocument))]
internal sealed partial class KeyRingJson : JsonSerializerContext;

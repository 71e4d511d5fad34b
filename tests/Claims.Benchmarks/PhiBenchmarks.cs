using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Claims.Security;

namespace Claims.Benchmarks;

/// <summary>
/// Field-level encryption cost: sealing and opening one PHI value (a 20-character name) with a patient's data key,
/// and wrapping/unwrapping a data key under a KEK (what <c>keys rotate</c> does per patient).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PhiBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly PhiCell _cell = new("patients", "FamilyNameCipher", Guid.CreateVersion7());
    private byte[] _sealed = [];
    private byte[] _wrapped = [];
    private string _kekId = "";
    private FileKeyRing _ring = null!;
    private string _home = "";

    [GlobalSetup]
    public void Setup()
    {
        _sealed = PhiCipher.Seal(_key, _cell.RowId, _cell, "Wolff-Bartholomew 12");
        _home = Directory.CreateTempSubdirectory("claims-phi-bench-").FullName;
        _ring = FileKeyRing.Open(_home, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        (_wrapped, _kekId) = _ring.WrapDataKey(_key);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_home, recursive: true);

    [Benchmark]
    public byte[] Encrypt() => PhiCipher.Seal(_key, _cell.RowId, _cell, "Wolff-Bartholomew 12");

    [Benchmark]
    public string Decrypt() => PhiCipher.Open(_key, _cell, _sealed);

    [Benchmark]
    public byte[] RewrapDataKey() => _ring.WrapDataKey(_ring.UnwrapDataKey(_kekId, _wrapped)).Wrapped;
}

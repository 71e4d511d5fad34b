using System.Security.Cryptography;
using Claims.Security;

namespace Claims.Core.Tests.Security;

public sealed class PhiCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid Patient = Guid.CreateVersion7();
    private static readonly PhiCell Cell = new("patients", "FamilyNameCipher", Patient);

    [Fact]
    public void A_value_sealed_for_a_cell_opens_for_that_cell_and_carries_version_and_key_id()
    {
        var sealedValue = PhiCipher.Seal(Key, Patient, Cell, "Conn");

        Assert.Equal(PhiCipher.Version1, sealedValue[0]);
        Assert.Equal(Patient, PhiCipher.KeyId(sealedValue));
        Assert.Equal(1 + 16 + 12 + 4 + 16, sealedValue.Length);
        Assert.Equal("Conn", PhiCipher.Open(Key, Cell, sealedValue));
    }

    [Fact]
    public void The_same_value_twice_gives_different_ciphertexts()
    {
        Assert.NotEqual(PhiCipher.Seal(Key, Patient, Cell, "Conn"), PhiCipher.Seal(Key, Patient, Cell, "Conn"));
    }

    [Fact]
    public void A_ciphertext_moved_to_another_column_row_or_table_does_not_decrypt()
    {
        var sealedValue = PhiCipher.Seal(Key, Patient, Cell, "Conn");

        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell with { Column = "GivenNamesCipher" }, sealedValue));
        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell with { RowId = Guid.CreateVersion7() }, sealedValue));
        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell with { Table = "coverages" }, sealedValue));
    }

    [Fact]
    public void A_changed_byte_a_changed_key_id_or_another_key_does_not_decrypt()
    {
        var sealedValue = PhiCipher.Seal(Key, Patient, Cell, "Conn");
        var tampered = (byte[])sealedValue.Clone();
        tampered[^20] ^= 1;
        var otherKeyId = (byte[])sealedValue.Clone();
        otherKeyId[3] ^= 1;

        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell, tampered));
        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell, otherKeyId));
        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(RandomNumberGenerator.GetBytes(32), Cell, sealedValue));
        Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell, sealedValue.AsSpan(0, 20)));
    }

    [Fact]
    public void A_decryption_failure_names_the_cell_but_never_the_value()
    {
        var sealedValue = PhiCipher.Seal(Key, Patient, Cell, "Zebediah");
        var ex = Assert.Throws<PhiDecryptionException>(() => PhiCipher.Open(Key, Cell with { Column = "X" }, sealedValue));
        Assert.DoesNotContain("Zebediah", ex.Message, StringComparison.Ordinal);
    }
}

namespace Claims.Security;

/// <summary>
/// A patient's data key (DEK), kept only wrapped by a key-encryption key of the key ring. Destroying it
/// (GDPR Art. 17 erasure) makes every ciphertext of the patient unreadable without touching the rows that hold them.
/// </summary>
public sealed class PatientKey
{
    private PatientKey() { } // EF Core

    internal PatientKey(Guid patientId, string kekId, byte[] wrappedKey, DateTimeOffset createdAt)
    {
        PatientId = patientId;
        KekId = kekId;
        WrappedKey = wrappedKey;
        CreatedAt = createdAt;
    }

    public Guid PatientId { get; private set; }

    /// <summary>The KEK that wraps the data key now (changes on rotation).</summary>
    public string KekId { get; private set; } = "";

    /// <summary>The wrapped data key; null once destroyed.</summary>
    public byte[]? WrappedKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DestroyedAt { get; private set; }

    public bool IsDestroyed => WrappedKey is null;

    internal void Rewrapped(string kekId, byte[] wrappedKey)
    {
        if (IsDestroyed) throw new InvalidOperationException($"The data key of patient {PatientId} is destroyed; it cannot be re-wrapped.");
        KekId = kekId;
        WrappedKey = wrappedKey;
    }

    internal void Destroy(DateTimeOffset at)
    {
        WrappedKey = null;
        DestroyedAt ??= at;
    }
}

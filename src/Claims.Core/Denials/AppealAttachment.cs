namespace Claims.Denials;

/// <summary>
/// A document enclosed with an appeal (the visit note, an authorization, proof of timely filing). Its label and content
/// are PHI: both are encrypted under the patient's data key (the content as Base64 text), so they are unreadable after a
/// GDPR erasure and need no re-encryption when the key ring rotates (only data keys are re-wrapped).
/// </summary>
public sealed class AppealAttachment
{
    /// <summary>The largest attachment accepted (5 MB).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    private AppealAttachment() { } // EF Core

    internal AppealAttachment(Guid appealId, string contentType, int length, string addedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        AppealId = appealId;
        ContentType = contentType;
        Length = length;
        AddedBy = addedBy;
        AddedAt = at;
    }

    public Guid Id { get; private set; }

    public Guid AppealId { get; private set; }

    /// <summary>The MIME type (application/pdf, image/png ...): not PHI.</summary>
    public string ContentType { get; private set; } = "";

    public int Length { get; private set; }

    public byte[] LabelCipher { get; private set; } = [];

    public byte[] ContentCipher { get; private set; } = [];

    public string AddedBy { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }

    internal void Seal(byte[] label, byte[] content)
    {
        LabelCipher = label;
        ContentCipher = content;
    }
}

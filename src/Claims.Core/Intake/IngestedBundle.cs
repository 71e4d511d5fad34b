
namespace Claims.Intake;

/// <summary>
/// A bundle that was ingested: recognised again by its content hash or its Bundle.identifier (both hashed), so
/// the same bundle twice creates nothing. The raw bundle itself is never stored (it is PHI).
/// </summary>
public sealed class IngestedBundle
{
    private IngestedBundle() { } // EF Core

    internal IngestedBundle(Guid clinicId, string contentHash, string? identifierHash, int resources)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        ContentHash = contentHash;
        IdentifierHash = identifierHash;
        Resources = resources;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>SHA-256 of the bundle's bytes (hex).</summary>
    public string ContentHash { get; private set; } = "";

    /// <summary>Source key hash of Bundle.identifier (system|value), when the bundle has one.</summary>
    public string? IdentifierHash { get; private set; }

    public int Resources { get; private set; }

    public int ClaimsCreated { get; private set; }

    public int ClaimsUpdated { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal void Counted(int claimsCreated, int claimsUpdated)
    {
        ClaimsCreated = claimsCreated;
        ClaimsUpdated = claimsUpdated;
    }
}

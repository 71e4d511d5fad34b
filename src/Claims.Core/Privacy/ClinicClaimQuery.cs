using Claims.Domain;

namespace Claims.Privacy;

/// <summary>
/// What a clinic user narrows its claim list to. A patient is found by family name and birth date together (the
/// blind index that exists for names: the values are never stored or compared in plaintext); a claim by its control
/// number; visits by a date-of-service range. <see cref="After"/> is the keyset cursor of the previous page.
/// </summary>
public sealed record ClinicClaimQuery(
    ClaimState? State = null,
    string? FamilyName = null,
    string? BirthDate = null,
    string? ControlNumber = null,
    DateOnly? ServedFrom = null,
    DateOnly? ServedTo = null,
    string? After = null)
{
    /// <summary>Whether the query names a patient (a PHI search, audited as one).</summary>
    public bool ByName => !string.IsNullOrWhiteSpace(FamilyName) || !string.IsNullOrWhiteSpace(BirthDate);
}

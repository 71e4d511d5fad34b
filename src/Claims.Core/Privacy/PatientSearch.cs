namespace Claims.Privacy;

/// <summary>
/// How a patient is looked up: one exact criterion, matched through a keyed blind index so the value itself is never
/// stored or compared in plaintext.
/// </summary>
public sealed record PatientSearch(string? MemberId = null, string? FamilyName = null, string? BirthDate = null, string? Mrn = null)
{
    /// <summary>The criterion's kind as the audit trail records it (never the value).</summary>
    public string Kind => MemberId is not null ? "member-id" : Mrn is not null ? "mrn" : "name-birth-date";
}

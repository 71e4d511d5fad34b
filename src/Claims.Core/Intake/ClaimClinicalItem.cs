using Claims.Domain;

namespace Claims.Intake;

/// <summary>
/// A coded fact kept with a claim for the coder: condition, procedure, encounter type or FHIR Claim item, with
/// code-system display text only (no free text, no PHI).
/// </summary>
public sealed class ClaimClinicalItem
{
    private ClaimClinicalItem() { } // EF Core

    internal ClaimClinicalItem(Guid claimId, int sequence, ClinicalEntry entry)
    {
        ClaimId = claimId;
        Sequence = sequence;
        Kind = entry.Kind;
        System = entry.System;
        Code = entry.Code;
        Display = entry.Display;
        Charge = entry.Charge;
    }

    public long Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public int Sequence { get; private set; }

    public ClinicalKind Kind { get; private set; }

    public string? System { get; private set; }

    public string Code { get; private set; } = "";

    public string? Display { get; private set; }

    public Money? Charge { get; private set; }
}

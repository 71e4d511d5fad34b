using Claims.Domain;

namespace Claims.Charges;

/// <summary>
/// One row of a clinic's fee schedule (chargemaster): what the clinic charges for a CPT/HCPCS code from a date on. The
/// row in force for a date of service is the one with the latest <see cref="EffectiveFrom"/> on or before it.
/// </summary>
public sealed class FeeScheduleEntry
{
    private FeeScheduleEntry() { } // EF Core

    internal FeeScheduleEntry(Guid clinicId, ProcedureCode code, Money charge, DateOnly effectiveFrom)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        Code = code;
        EffectiveFrom = effectiveFrom;
        Reprice(charge);
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    public ProcedureCode Code { get; private set; } = null!;

    /// <summary>The clinic's charge for one unit.</summary>
    public Money Charge { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Sets the charge; a fee is positive (a free service is not billed).</summary>
    internal void Reprice(Money charge)
    {
        if (charge <= Money.Zero) throw new DomainValidationException("A fee is a positive amount such as 125.00.");
        Charge = charge;
    }
}

using System.Security.Cryptography;
using Claims.Audit;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Domain;

/// <summary>
/// The clinics the BPO works for: add one (names are unique), rename one, set its billing address and its bill-from date.
/// One use case for the admin page and <c>claims clinics add|rename|billing|bill-from</c>; each act is saved with its
/// audit entry in one transaction.
/// </summary>
public sealed class ClinicDirectory(ClaimsDbContext db, TimeProvider? clock = null)
{
    /// <summary>
    /// Without a bill-from date, a new clinic is billed for one year back: older encounters would be past Medicare's
    /// 12-month filing limit (and most payers') anyway.
    /// </summary>
    public const int DefaultBillingYearsBack = 1;

    /// <summary>The EIN stored when none is given, to be replaced before claims go to a payer.</summary>
    public const string PlaceholderTaxId = "000000000";

    /// <summary>A clinic by id or exact name (read only).</summary>
    public async Task<Clinic> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        var clinic = Guid.TryParse(idOrName, out var id)
            ? await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Name == idOrName.Trim(), cancellationToken);
        return clinic ?? throw new NotFoundException($"No clinic '{idOrName}'. See 'claims clinics list'.");
    }

    /// <summary>
    /// Adds a clinic. Without an NPI a random valid-looking one is assigned, and without a tax id a placeholder is
    /// stored, so intake works in demos and tests; the warnings say both must be replaced before submitting.
    /// </summary>
    public async Task<AddedClinic> AddAsync(string? name, string? npi, string? taxId, Caller caller, CancellationToken cancellationToken = default) =>
        await AddAsync(name, npi, taxId, null, caller, cancellationToken);

    /// <summary>Adds a clinic with its billing address (without one, its claims cannot go out on an 837P until it is set).</summary>
    public async Task<AddedClinic> AddAsync(string? name, string? npi, string? taxId, ClinicAddress? address, Caller caller, CancellationToken cancellationToken = default) =>
        await AddAsync(name, npi, taxId, address, null, caller, cancellationToken);

    /// <summary>
    /// Adds a clinic with its billing address and the first date of service to bill (<paramref name="billFrom"/>; without
    /// one, a year before today, and a warning says so).
    /// </summary>
    public async Task<AddedClinic> AddAsync(string? name, string? npi, string? taxId, ClinicAddress? address, DateOnly? billFrom, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var warnings = new List<string>();
        var clinicName = name?.Trim() ?? "";
        Npi clinicNpi;
        if (!string.IsNullOrWhiteSpace(npi))
        {
            clinicNpi = Npi.TryParse(npi.Trim(), out var parsed) ? parsed : throw new DomainValidationException("That NPI is not valid (ten digits with a check digit).");
        }
        else
        {
            clinicNpi = Npi.FromBase(RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000));
            warnings.Add($"No NPI given: placeholder NPI {clinicNpi} assigned; replace it before submitting claims.");
        }
        if (string.IsNullOrWhiteSpace(taxId)) warnings.Add($"No tax id given: placeholder {PlaceholderTaxId} stored.");
        var clinic = new Clinic(clinicName, clinicNpi, string.IsNullOrWhiteSpace(taxId) ? PlaceholderTaxId : taxId.Trim());
        if (address is not null) clinic.MoveTo(address);
        else warnings.Add("No billing address given: set one before submitting claims (837P 2010AA).");
        var today = DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        clinic.StartBillingOn(billFrom ?? today.AddYears(-DefaultBillingYearsBack));
        if (billFrom is null) warnings.Add($"No bill-from date given: encounters from {clinic.BillFrom:yyyy-MM-dd} are billed, earlier ones kept as history.");
        await EnsureNameFreeAsync(clinic.Name, null, cancellationToken);
        db.Clinics.Add(clinic);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Clinic", clinic.Id.ToString(), null, $"clinic added, NPI {clinic.Npi.Value}, bill from {clinic.BillFrom:yyyy-MM-dd}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new AddedClinic(clinic, warnings);
    }

    /// <summary>Sets a clinic's billing settings for the 837P: its street address and, when given, its tax id (EIN).</summary>
    public async Task<Clinic> SetBillingAsync(Guid clinicId, ClinicAddress address, string? taxId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(address);
        var clinic = await db.Clinics.FirstOrDefaultAsync(c => c.Id == clinicId, cancellationToken) ?? throw new NotFoundException($"Clinic {clinicId} does not exist.");
        clinic.MoveTo(address);
        if (!string.IsNullOrWhiteSpace(taxId)) clinic.ChangeTaxId(taxId.Trim());
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Clinic", clinic.Id.ToString(), null, "clinic billing address" + (string.IsNullOrWhiteSpace(taxId) ? "" : " and tax id") + " set", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return clinic;
    }

    /// <summary>
    /// Sets the first date of service billed for the clinic. It decides what bundles ingested from now on make into
    /// claims; claims and history already stored stay as they are.
    /// </summary>
    public async Task<Clinic> SetBillFromAsync(Guid clinicId, DateOnly billFrom, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var clinic = await db.Clinics.FirstOrDefaultAsync(c => c.Id == clinicId, cancellationToken) ?? throw new NotFoundException($"Clinic {clinicId} does not exist.");
        var before = clinic.BillFrom;
        clinic.StartBillingOn(billFrom);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Clinic", clinic.Id.ToString(), null,
            $"clinic bill-from {(before == DateOnly.MinValue ? "(none)" : before.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))} -> {billFrom:yyyy-MM-dd}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return clinic;
    }

    /// <summary>Renames a clinic; the new name must be free.</summary>
    public async Task<Clinic> RenameAsync(Guid clinicId, string? name, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var clinic = await db.Clinics.FirstOrDefaultAsync(c => c.Id == clinicId, cancellationToken) ?? throw new NotFoundException($"Clinic {clinicId} does not exist.");
        clinic.Rename(name ?? "");
        await EnsureNameFreeAsync(clinic.Name, clinic.Id, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Clinic", clinic.Id.ToString(), null, "clinic renamed", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return clinic;
    }

    private async Task EnsureNameFreeAsync(string name, Guid? except, CancellationToken ct)
    {
        if (await db.Clinics.AnyAsync(c => c.Name == name && c.Id != except, ct)) throw new DomainValidationException($"A clinic named '{name}' already exists.");
    }
}

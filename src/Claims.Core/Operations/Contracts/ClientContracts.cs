using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Contracts;

/// <summary>
/// The client contracts: read by anyone who oversees the operation (and by the SLA clocks and invoices), set by an
/// admin in one audited transaction. The web contracts page and <c>claims contracts show|set</c> both come here.
/// </summary>
public sealed class ClientContracts(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>Every clinic's contract, stored or default, by clinic name.</summary>
    public async Task<IReadOnlyList<ClientContractView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var stored = await db.ClientContracts.AsNoTracking().ToDictionaryAsync(c => c.ClinicId, cancellationToken);
        return [.. clinics.Select(c => stored.TryGetValue(c.Id, out var contract)
            ? new ClientContractView(c.Id, c.Name, contract, false)
            : new ClientContractView(c.Id, c.Name, ClientContract.Default(c.Id), true))];
    }

    /// <summary>One clinic's contract (its defaults when none is stored); an unknown clinic is "not found".</summary>
    public async Task<ClientContractView> GetAsync(Guid clinicId, CancellationToken cancellationToken = default)
    {
        var name = await db.Clinics.AsNoTracking().Where(c => c.Id == clinicId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Clinic {clinicId} was not found.");
        var stored = await db.ClientContracts.AsNoTracking().FirstOrDefaultAsync(c => c.ClinicId == clinicId, cancellationToken);
        return new ClientContractView(clinicId, name, stored ?? ClientContract.Default(clinicId), stored is null);
    }

    /// <summary>Every clinic's contract by clinic id (defaults filled in), for the SLA clocks.</summary>
    public static async Task<IReadOnlyDictionary<Guid, ClientContract>> ByClinicAsync(ClaimsDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.ClientContracts.AsNoTracking().ToDictionaryAsync(c => c.ClinicId, cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken);
        return clinics.ToDictionary(id => id, id => stored.GetValueOrDefault(id) ?? ClientContract.Default(id));
    }

    /// <summary>An admin sets a clinic's contract; the old and new terms' key figures are audited.</summary>
    public async Task<ClientContract> SetAsync(Guid clinicId, ContractTerms terms, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        OperationsAccess.Require(caller, "change client contracts", ClaimRole.Admin);
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken)) throw new NotFoundException($"Clinic {clinicId} was not found.");
        var now = clock.GetUtcNow();
        var contract = await db.ClientContracts.FirstOrDefaultAsync(c => c.ClinicId == clinicId, cancellationToken);
        var action = contract is null ? AuditAction.Create : AuditAction.Update;
        if (contract is null)
        {
            contract = new ClientContract(clinicId, terms, caller.Actor.Id, now);
            db.ClientContracts.Add(contract);
        }
        else
        {
            contract.Apply(terms, caller.Actor.Id, now);
        }
        db.Audit(AuditRecords.For(caller, action, "ClientContract", clinicId.ToString(), null,
            $"contract coding={contract.CodingTurnaroundHours}bh submission={contract.SubmissionDays}d rejections={contract.RejectionFixHours}bh denials={contract.DenialWorkDays}d " +
            $"tz={contract.TimeZoneId} hours={contract.Opens:HH\\:mm}-{contract.Closes:HH\\:mm} days={contract.WorkDayList} holidays={contract.Holidays.Count} fee={contract.FeeModel}:{contract.FeePercentBasisPoints}bp/{contract.FeePerClaimCents}c",
            AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return contract;
    }
}

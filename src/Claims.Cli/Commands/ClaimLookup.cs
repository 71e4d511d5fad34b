using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary>Finds a claim by its id (a GUID) or its claim control number, with its parts loaded.</summary>
internal static class ClaimLookup
{
    /// <summary>The claim's id, for the use cases (which load the claim themselves).</summary>
    public static async Task<Guid> IdAsync(ClaimsDbContext db, string idOrControlNumber, CancellationToken ct)
    {
        if (Guid.TryParse(idOrControlNumber, out var id)) return id;
        var claim = await FindAsync(db, idOrControlNumber, ct, tracked: false);
        return claim.Id;
    }

    public static async Task<Claim> FindAsync(ClaimsDbContext db, string idOrControlNumber, CancellationToken ct, bool tracked = true)
    {
        var query = tracked ? db.Claims.Include(c => c.History.OrderBy(e => e.Id)) : db.Claims.AsNoTracking().Include(c => c.History.OrderBy(e => e.Id));
        Claim? claim;
        if (Guid.TryParse(idOrControlNumber, out var id))
        {
            claim = await query.FirstOrDefaultAsync(c => c.Id == id, ct);
        }
        else
        {
            ClaimControlNumber number;
            try
            {
                number = ClaimControlNumber.Parse(idOrControlNumber);
            }
            catch (DomainValidationException)
            {
                throw new UsageException($"'{idOrControlNumber}' is neither a claim id nor a claim control number.");
            }
            claim = await query.FirstOrDefaultAsync(c => c.ControlNumber == number, ct);
        }
        return claim ?? throw new NotFoundException($"No claim {idOrControlNumber}.");
    }

    public static ClaimState ParseState(string text) =>
        Enum.TryParse<ClaimState>(text, ignoreCase: true, out var state) && Enum.IsDefined(state)
            ? state
            : throw new UsageException($"Unknown state '{text}'. States: {string.Join(", ", Enum.GetNames<ClaimState>())}.");

    public static ClaimTrigger ParseTrigger(string text) =>
        Enum.TryParse<ClaimTrigger>(text, ignoreCase: true, out var trigger) && Enum.IsDefined(trigger)
            ? trigger
            : throw new UsageException($"Unknown trigger '{text}'. Triggers: {string.Join(", ", Enum.GetNames<ClaimTrigger>())}.");

    public static ClaimRole ParseRole(string text) =>
        Enum.TryParse<ClaimRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new UsageException($"Unknown role '{text}'. Roles: {string.Join(", ", Enum.GetNames<ClaimRole>())}.");
}

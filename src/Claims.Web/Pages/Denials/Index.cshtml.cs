using Claims.Denials;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Denials;

/// <summary>
/// The billers' denial worklist (<see cref="DenialWorklist"/>): every denied or partly paid claim with its codes in words,
/// category, amount at stake, next action, deadline and days left; filters, sort by deadline or amount, keyset paging,
/// take (a 30-minute lease) and the bulk write-off of contractual balances. Patients by pseudonym only; URLs carry ids.
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class IndexModel(ClaimsDbContext db, DenialWorklist worklist, DenialAssignments assignments, DenialActions actions) : PageModel
{
    [TempData] public string? Message { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Payer { get; set; }
    [BindProperty(SupportsGet = true)] public DenialCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Carc { get; set; }
    [BindProperty(SupportsGet = true)] public string? Coder { get; set; }
    [BindProperty(SupportsGet = true)] public int? Due { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? Min { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true)] public DenialWorklistOrder Order { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public DenialWorklistPage Result { get; private set; } = new([], 0, 0, 0, null);
    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Payers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await worklist.QueryAsync(Filter(), HttpContext.As(ClaimRole.Biller), cancellationToken: ct);
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Payers = [.. (await db.Payers.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];
    }

    public async Task<IActionResult> OnPostTakeAsync(Guid? id, CancellationToken ct)
    {
        var caller = HttpContext.As(ClaimRole.Biller);
        try
        {
            var taken = id is { } one ? (await assignments.TakeAsync(one, caller, ct)).ClaimId : await assignments.TakeNextAsync(Filter(), caller, ct);
            if (taken is null)
            {
                Message = "Nothing to take: every denial here is held by someone.";
                return RedirectToPage();
            }
            return RedirectToPage("Claim", new { id = taken });
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
            return RedirectToPage();
        }
    }

    public async Task<IActionResult> OnPostBulkWriteOffAsync(Guid[] ids, string? reason, CancellationToken ct)
    {
        try
        {
            var result = await actions.BulkWriteOffContractualAsync(ids, reason, HttpContext.As(ClaimRole.Biller), ct);
            Message = $"Wrote off {result.WrittenOff.Count} contractual balance(s), {Money(result.WrittenOff.Sum(w => w.AmountCents))}." + (result.Skipped.Count == 0 ? "" : " Skipped: " + string.Join("; ", result.Skipped));
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage();
    }

    public DenialWorklistFilter Filter() => new()
    {
        ClinicId = Clinic, PayerId = Payer, Category = Category, Carc = Carc, Coder = Coder, DueWithinDays = Due,
        MinAmountCents = Min is { } m ? (long)(m * 100) : null, HeldBy = Mine ? User.Identity?.Name : null, Order = Order, After = After,
    };

    public string NextLink() => Url.Page("Index", new { Clinic, Payer, Category, Carc, Coder, Due, Min, Mine, Order, After = Result.NextCursor }) ?? "";

    public static string Money(long cents) => (cents / 100m).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
}

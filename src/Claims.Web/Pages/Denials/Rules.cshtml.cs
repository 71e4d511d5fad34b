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

/// <summary>The denial rules table: billers read it, an admin adds or changes a rule (for every payer or one) or removes one (<see cref="DenialRules"/>, audited).</summary>
[Authorize(Roles = $"{Roles.Biller},{Roles.Admin}")]
public sealed class RulesModel(ClaimsDbContext db, DenialRules rules) : PageModel
{
    [TempData] public string? Message { get; set; }

    public IReadOnlyList<DenialRule> All { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Payers { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        All = await rules.ListAsync(ct);
        Payers = await db.Payers.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    public string PayerName(DenialRule r) => r.PayerId is { } id ? Payers.GetValueOrDefault(id) ?? id.ToString() : r.PayerKind == DenialRule.Medicare ? "Medicare" : "every payer";

    public async Task<IActionResult> OnPostSaveAsync(Guid? payer, string group, string carc, string? rarc, DenialCategory category, DenialAction action, bool appealable, int? window, string? edit, string? note, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        try
        {
            await rules.SaveAsync(new DenialRuleInput(payer, group, carc, rarc, category, action, appealable, window, edit, note), HttpContext.As(ClaimRole.Admin), ct);
            Message = $"Rule {group}-{carc}{(string.IsNullOrWhiteSpace(rarc) ? "" : "/" + rarc)} saved.";
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        try
        {
            await rules.RemoveAsync(id, HttpContext.As(ClaimRole.Admin), ct);
            Message = "Rule removed; the shipped rule for those codes, if any, applies again.";
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage();
    }
}

using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Statements;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// Patient balances per clinic (pseudonyms; names only when the biller asks, each read audited), a statement PDF per
/// patient (an audited export, made on demand, never stored) and a patient payment recorded against the oldest claims
/// first. Ids in URLs only. The same use cases as <c>claims statements</c> and <c>claims payments record</c>.
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class StatementsModel(ClaimsDbContext db, PatientStatements statements, PatientPayments payments, TimeProvider time) : PageModel
{
    public sealed record ClinicChoice(Guid Id, string Name);

    public IReadOnlyList<ClinicChoice> Clinics { get; private set; } = [];

    public Guid? ClinicId { get; private set; }

    public IReadOnlyList<PatientBalanceRow> Balances { get; private set; } = [];

    /// <summary>Decrypted names, only after "Show names" (each an audited read).</summary>
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public bool ShowNames { get; private set; }

    public DateOnly Today { get; private set; }

    [TempData] public string? Message { get; set; }

    [TempData] public string? Problem { get; set; }

    public async Task OnGetAsync(Guid? clinic, bool names, CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new ClinicChoice(c.Id, c.Name)).ToListAsync(ct);
        ClinicId = clinic is { } chosen && Clinics.Any(c => c.Id == chosen) ? chosen : Clinics.Count > 0 ? Clinics[0].Id : (Guid?)null;
        if (ClinicId is not { } clinicId) return;
        var caller = HttpContext.As(ClaimRole.Biller);
        Balances = await statements.BalancesAsync(clinicId, caller, ct);
        ShowNames = names;
        if (names && Balances.Count > 0) Names = await statements.NamesAsync(clinicId, [.. Balances.Select(b => b.PatientId)], caller, ct);
    }

    /// <summary>The statement PDF for one patient: decrypted only to write it, audited as an export.</summary>
    public async Task<IActionResult> OnPostStatementAsync(Guid clinic, Guid patient, CancellationToken ct)
    {
        try
        {
            var document = await statements.StatementAsync(clinic, patient, HttpContext.As(ClaimRole.Biller), ct);
            // PHI: the browser must not keep it in a shared cache.
            Response.Headers.CacheControl = "no-store";
            return File(document.Pdf, "application/pdf", document.FileName);
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
            return RedirectToPage(new { clinic });
        }
    }

    /// <summary>Records a patient payment (oldest claim first; an overpayment is refused with the amount owed).</summary>
    public async Task<IActionResult> OnPostPayAsync(Guid clinic, Guid patient, string? amount, string? paidOn, PatientPaymentMethod method, string? reference, CancellationToken ct)
    {
        if (!TryCents(amount, out var cents)) Problem = $"'{amount}' is not an amount (e.g. 25.00).";
        else if (!DateOnly.TryParseExact(paidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) Problem = "Give the day it was paid (YYYY-MM-DD).";
        else if (!await db.Patients.AnyAsync(p => p.Id == patient && p.ClinicId == clinic, ct)) Problem = "No such patient at this clinic.";
        else
        {
            try
            {
                var result = await payments.RecordAsync(new PatientPaymentRequest(cents, date, method, reference, PatientId: patient), HttpContext.As(ClaimRole.Biller), ct);
                var closed = result.Applied.Count(a => a.Closed);
                Message = string.Create(CultureInfo.InvariantCulture, $"{result.Pseudonym}: {result.AmountCents / 100m:N2} recorded on {result.Applied.Count} claim(s){(closed > 0 ? $", {closed} paid off and closed" : "")}; {result.PatientBalanceAfterCents / 100m:N2} still owed.");
            }
            catch (ClaimsDomainException ex)
            {
                Problem = ex.Message;
            }
        }
        return RedirectToPage(new { clinic });
    }

    private static bool TryCents(string? text, out long cents)
    {
        cents = 0;
        if (!decimal.TryParse(text?.Trim().TrimStart('$'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * 100 != decimal.Truncate(value * 100) || value > 10_000_000m) return false;
        cents = (long)(value * 100);
        return true;
    }
}

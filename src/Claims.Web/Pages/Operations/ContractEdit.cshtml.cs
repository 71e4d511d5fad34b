using System.Globalization;
using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>An admin edits one clinic's contract through <see cref="ClientContracts.SetAsync"/>; bad terms come back as a message.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class ContractEditModel(ClientContracts contracts) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Clinic { get; set; }

    public string ClinicName { get; private set; } = "";

    [BindProperty] public int CodingHours { get; set; }
    [BindProperty] public int SubmissionDays { get; set; }
    [BindProperty] public int RejectionHours { get; set; }
    [BindProperty] public int DenialDays { get; set; }
    [BindProperty] public string TimeZone { get; set; } = "";
    [BindProperty] public string Opens { get; set; } = "";
    [BindProperty] public string Closes { get; set; } = "";
    [BindProperty] public string Days { get; set; } = "";
    [BindProperty] public string? Holidays { get; set; }
    [BindProperty] public FeeModel FeeModel { get; set; }
    [BindProperty] public decimal FeePercent { get; set; }
    [BindProperty] public decimal FeePerClaim { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await contracts.GetAsync(Clinic, ct);
        ClinicName = view.Clinic;
        var c = view.Contract;
        (CodingHours, SubmissionDays, RejectionHours, DenialDays, TimeZone) = (c.CodingTurnaroundHours, c.SubmissionDays, c.RejectionFixHours, c.DenialWorkDays, c.TimeZoneId);
        (Opens, Closes, Days) = (c.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), c.Closes.ToString("HH:mm", CultureInfo.InvariantCulture), c.WorkDayList);
        Holidays = string.Join(", ", c.Holidays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        (FeeModel, FeePercent, FeePerClaim) = (c.FeeModel, c.FeePercentBasisPoints / 100m, c.FeePerClaimCents / 100m);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var terms = new ContractTerms(CodingHours, SubmissionDays, RejectionHours, DenialDays, TimeZone,
                Time(Opens, "opening"), Time(Closes, "closing"),
                [.. (Days ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ClientContract.ParseDay)],
                [.. (Holidays ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Date)],
                FeeModel, (int)Math.Round(FeePercent * 100m), (long)Math.Round(FeePerClaim * 100m));
            await contracts.SetAsync(Clinic, terms, HttpContext.As(ClaimRole.Admin), ct);
            return RedirectToPage("/Operations/Contracts");
        }
        catch (DomainValidationException ex)
        {
            Error = ex.Message;
            ClinicName = (await contracts.GetAsync(Clinic, ct)).Clinic;
            return Page();
        }
    }

    private static TimeOnly Time(string? text, string what) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : throw new DomainValidationException($"The {what} time is HH:mm.");

    private static DateOnly Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new DomainValidationException($"'{text}' is not a date (yyyy-MM-dd).");
}

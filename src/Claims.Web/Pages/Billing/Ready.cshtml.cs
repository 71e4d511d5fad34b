using Claims.Domain;
using Claims.Operations.Sla;
using Claims.Operations.Teams;
using Claims.Persistence;
using Claims.Submission;
using Claims.Security;
using Claims.Statements;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// The claims ready to submit, grouped by clinic and payer with counts and totals; "Create batch" per group or for
/// all sends them through <see cref="Submissions"/> (the same use case as <c>claims submit</c>).
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class ReadyModel(ClaimsDbContext db, Submissions submissions, PatientBilling patientBilling, TimeProvider time) : PageModel
{
    /// <summary>A clinic-payer group; <see cref="SlaDue"/> is its earliest submission SLA due time, with how many are at risk or breached.</summary>
    public sealed record Group(Guid ClinicId, string Clinic, Guid PayerId, string Payer, int Claims, long TotalCents)
    {
        public DateTimeOffset? SlaDue { get; init; }

        public int AtRisk { get; init; }

        public int Breached { get; init; }
    }

    /// <summary>Why nothing is listed for this biller (no clinic assignment), or null.</summary>
    public string? NoScope { get; private set; }

    /// <summary>Whether the biller serves every clinic (only then may one batch take everything).</summary>
    public bool AllClinics { get; private set; }

    /// <summary>A self-pay claim waiting to be billed to the patient: by control number and pseudonym, no name.</summary>
    public sealed record SelfPayClaim(Guid Id, string ControlNumber, string Clinic, string Pseudonym, long TotalCents);

    /// <summary>Self-pay claims never go in an 837P: they are listed apart, each with Bill patient.</summary>
    public IReadOnlyList<SelfPayClaim> SelfPayClaims { get; private set; } = [];

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public int SelfPay { get; private set; }

    [TempData] public string? Message { get; set; }

    [TempData] public string? Problems { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await TeamAssignments.ScopeAsync(db, HttpContext.As(ClaimRole.Biller), ct);
        AllClinics = await CoversEveryClinicAsync(scope, ct);
        if (scope.IsEmpty)
        {
            NoScope = scope.Why;
            return;
        }
        var served = scope.Filter;
        var inScope = db.Claims.AsNoTracking().Where(c => served == null || served.Contains(c.ClinicId));
        var ready = await inScope.Where(c => c.State == ClaimState.ReadyToSubmit)
            .GroupBy(c => new { c.ClinicId, c.PayerId })
            .Select(g => new { g.Key.ClinicId, g.Key.PayerId, Count = g.Count() })
            .ToListAsync(ct);
        // Totals in memory: money is a converted value type that SQLite cannot sum.
        var totals = (await inScope.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).Select(c => new { c.ClinicId, c.PayerId, c.TotalCharge }).ToListAsync(ct))
            .GroupBy(c => (c.ClinicId, c.PayerId)).ToDictionary(g => g.Key, g => g.Sum(c => c.TotalCharge.Cents));
        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var payers = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        SelfPay = ready.Where(r => r.PayerId is null).Sum(r => r.Count);
        SelfPayClaims = [.. (await (from c in db.Claims.AsNoTracking()
                                    join p in db.Patients on c.PatientId equals p.Id
                                    where c.State == ClaimState.ReadyToSubmit && c.PayerId == null
                                    orderby c.ServiceFrom
                                    select new { c.Id, c.ControlNumber, c.ClinicId, p.Pseudonym, c.TotalCharge }).Take(200).ToListAsync(ct))
            .Select(c => new SelfPayClaim(c.Id, c.ControlNumber.Value, clinics.GetValueOrDefault(c.ClinicId, "?"), c.Pseudonym, c.TotalCharge.Cents))];
        // The submission SLA of every ready claim, from its history; a group shows its most urgent.
        var ids = await inScope.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).Select(c => new { c.Id, c.ClinicId, c.PayerId }).ToListAsync(ct);
        var clocks = await SlaBoard.CurrentAsync(db, [.. ids.Select(i => i.Id)], time.GetUtcNow(), ct);
        var byGroup = ids.Where(i => clocks.ContainsKey(i.Id)).GroupBy(i => (i.ClinicId, i.PayerId)).ToDictionary(g => g.Key, g => g.Select(i => clocks[i.Id]).ToList());
        Groups = [.. ready.Where(r => r.PayerId is not null)
            .Select(r =>
            {
                var sla = byGroup.GetValueOrDefault((r.ClinicId, r.PayerId)) ?? [];
                return new Group(r.ClinicId, clinics.GetValueOrDefault(r.ClinicId, "?"), r.PayerId!.Value, payers.GetValueOrDefault(r.PayerId.Value, "?"), r.Count, totals.GetValueOrDefault((r.ClinicId, r.PayerId)))
                {
                    SlaDue = sla.Count == 0 ? null : sla.Min(c => c.DueAt),
                    AtRisk = sla.Count(c => c.Status == SlaStatus.AtRisk),
                    Breached = sla.Count(c => c.Status == SlaStatus.Breached),
                };
            })
            .OrderBy(g => g.Clinic, StringComparer.Ordinal).ThenBy(g => g.Payer, StringComparer.Ordinal)];
    }

    private async Task<bool> CoversEveryClinicAsync(ClinicScope scope, CancellationToken ct) =>
        scope.All || (!scope.IsEmpty && !await db.Clinics.AnyAsync(c => !scope.Clinics.Contains(c.Id), ct));

    public async Task<IActionResult> OnPostCreateAsync(Guid? clinicId, Guid? payerId, CancellationToken ct)
    {
        var caller = HttpContext.As(ClaimRole.Biller);
        var scope = await TeamAssignments.ScopeAsync(db, caller, ct);
        // A biller batches only the clinics they serve; "all" is for one who serves every clinic.
        if (clinicId is { } clinic ? !scope.Includes(clinic) : !await CoversEveryClinicAsync(scope, ct)) return Forbid();
        var run = await submissions.CreateBatchesAsync(new SubmissionFilter(clinicId, payerId), caller, ct);
        Message = run.Batch is { } b
            ? $"Batch {b.FileName}: {b.Claims} claim(s), {b.TotalChargeCents / 100m:N2}, {(run.SendError is null ? "sent to the clearinghouse" : "stored; " + run.SendError)}."
            : "Nothing was ready to submit.";
        var selfPay = run.Excluded.Count(i => i.Code == Submissions.SelfPayIssue);
        if (selfPay > 0) Message += $" {selfPay} self-pay claim(s) stayed out of the 837P: use Bill patient below.";
        var excluded = run.Excluded.Where(i => i.Code != Submissions.SelfPayIssue).ToList();
        if (excluded.Count > 0) Problems = $"{excluded.Select(i => i.ClaimControlNumber).Distinct().Count()} claim(s) left out: " + string.Join("; ", excluded.Take(20));
        return run.Batch is null ? RedirectToPage() : RedirectToPage("/Billing/Batches");
    }

    /// <summary>Bills the patient for a self-pay claim (the same use case as the claim page's Bill patient and <c>claims fire</c>).</summary>
    public async Task<IActionResult> OnPostBillPatientAsync(Guid claimId, CancellationToken ct)
    {
        try
        {
            Message = (await patientBilling.BillPatientAsync(claimId, HttpContext.As(ClaimRole.Biller), cancellationToken: ct)).Message + " See Patient statements.";
        }
        catch (ClaimsDomainException ex)
        {
            Problems = ex.Message;
        }
        return RedirectToPage();
    }
}

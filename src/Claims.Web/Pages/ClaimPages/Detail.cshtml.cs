using Claims.Audit;
using Claims.Domain;
using Claims.Coding;
using Claims.Intake;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Claims.Web.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.ClaimPages;

/// <summary>
/// One claim, and for its coder the workbench: the patient and coverage (decrypted; the view is an audited read),
/// the encounter's clinical context with suggested codes and their evidence, the diagnoses and lines to edit, the
/// scrubber's findings as they stand, and a button for each trigger the workflow permits the user's role now.
/// Every change goes through the aggregate and its optimistic concurrency check, and is audited. A clinic user
/// sees only its own clinic's claims (others are "not found").
/// </summary>
[Authorize(Roles = $"{Roles.Coder},{Roles.Biller},{Roles.Auditor},{Roles.Admin},{Roles.Clinic}")]
public sealed partial class DetailModel(ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time, CodeSets codes, Scrubber scrubber, Workbench workbench, ClaimTransitions transitions, ClinicQuestions questions) : PageModel
{
    /// <summary>A suggestion with the verdict already given on it, if any.</summary>
    public sealed record SuggestionView(CodeSuggestion Suggestion, CodeSystemKind System, CodingVerdict? Verdict);

    /// <summary>One clinical item and the codes suggested for it.</summary>
    public sealed record ContextView(ClaimClinicalItem Item, CodingSource? Source, IReadOnlyList<SuggestionView> Suggestions);

    public Claim Claim { get; private set; } = null!;
    public Patient Patient { get; private set; } = null!;
    public PatientDemographics? Demographics { get; private set; }
    public Coverage? Coverage { get; private set; }
    public string? MemberId { get; private set; }
    public string Clinic { get; private set; } = "";
    public string Payer { get; private set; } = "";
    public IReadOnlyList<string> Lineage { get; private set; } = [];
    public IReadOnlyList<ContextView> Context { get; private set; } = [];
    public IReadOnlyList<ClaimTrigger> Permitted { get; private set; } = [];
    public ScrubResult? Findings { get; private set; }

    /// <summary>The coder's questions to the clinic on this claim, newest first, with the clinic's answers (decrypted, each read audited).</summary>
    public IReadOnlyList<ClinicQuestionView> Questions { get; private set; } = [];

    /// <summary>The claim came back to coding from a failed verification and nobody has verified it since.</summary>
    public bool VerificationFailed => Claim.State == ClaimState.Coding && Claim.History.Count > 0 && Claim.History[^1].Trigger == ClaimTrigger.VerificationFailed;

    /// <summary>Where "back" goes: the list this user works from (a page the role may open).</summary>
    public (string Href, string Text) Back =>
        User.IsInRole(Roles.Coder) || User.IsInRole(Roles.Admin) ? ("/Queue", "Work queue")
        : User.IsInRole(Roles.Biller) ? ("/Billing/Ready", "Ready to submit")
        : User.IsInRole(Roles.Clinic) ? ("/Clinic/Claims", "Our claims")
        : User.IsInRole(Roles.Auditor) ? ("/Audit", "Audit trail")
        : ("/", "Dashboard");

    /// <summary>Where on this page (or outside it) a finding is fixed: an anchor and words for the link.</summary>
    public static (string Anchor, string Words) FixAt(ScrubFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Location.StartsWith("diagnosis", StringComparison.Ordinal)) return ("#diagnoses", "Fix in Diagnoses");
        if (finding.Location.StartsWith("line", StringComparison.Ordinal)) return ("#lines", "Fix in Service lines");
        return finding.Edit switch
        {
            EditIds.MissingField when finding.Message.Contains("diagnos", StringComparison.OrdinalIgnoreCase) => ("#diagnoses", "Add a diagnosis"),
            EditIds.MissingField when finding.Message.Contains("line", StringComparison.OrdinalIgnoreCase) => ("#lines", "Add a service line"),
            EditIds.ChargeMismatch => ("#lines", "Fix in Service lines"),
            _ => ("#patient", "Patient and coverage: from the clinic (ask the clinic to correct it)"),
        };
    }

    /// <summary>The E/M suggestion when the encounter has no type item to show it under.</summary>
    public SourcedSuggestions? Visit { get; private set; }

    /// <summary>Diagnosis and procedure descriptions from the code sets, for the codes on the claim.</summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; private set; } = new Dictionary<string, string>();

    /// <summary>Whether this user may edit the codes now: a coder, the claim in Coding, nobody else's lease.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>A coder looking at a claim another coder holds.</summary>
    public bool LeasedToOther { get; private set; }

    public bool IsCoder => User.IsInRole(Roles.Coder);

    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    /// <summary>Something the coder must act on that is not an error of theirs (a verification that found errors).</summary>
    [TempData] public string? Warning { get; set; }

    /// <summary>Set after a claim was coded and verified: the page offers the next claim from the queue.</summary>
    [TempData] public bool OfferNext { get; set; }

    private string Me => User.Identity?.Name ?? "unknown";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await LoadWorkbenchAsync(ct);
        Lineage = await Claims.Denials.ClaimLineage.ForAsync(db, id, ct);
        await new ClaimReads(db).RecordAsync(id, Patient.Pseudonym, Demographics is not null, HttpContext.Caller(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFireAsync(Guid id, ClaimTrigger trigger, string? reason, int version, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (WorkflowRole() is not { } role) return Forbid();
        if (trigger is ClaimTrigger.QueryProvider or ClaimTrigger.ProviderAnswered)
        {
            // A question and its answer are PHI-bearing free text: they are written on the query pages, which say so.
            Problem = trigger == ClaimTrigger.QueryProvider ? "Ask the clinic from the query page." : "Answer the coder's query on the Queries page.";
            return RedirectToPage(new { id });
        }
        try
        {
            var result = await transitions.FireAsync(id, trigger, reason, HttpContext.As(role), version, ct);
            // A failed verification is not a success: it is shown as a warning, with the findings below it.
            if (trigger == ClaimTrigger.CompleteCoding && result.Claim.State == ClaimState.Coding) Warning = result.Message;
            else Message = result.Message;
            if (trigger == ClaimTrigger.CompleteCoding && result.Claim.State == ClaimState.ReadyToSubmit) OfferNext = true;
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (claim is null) return false;
        if (User.IsInRole(Roles.Clinic))
        {
            var user = await users.GetUserAsync(User);
            if (user?.ClinicId != claim.ClinicId) return false;
        }
        Claim = claim;
        Patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == claim.PatientId, ct);
        Clinic = await db.Clinics.Where(c => c.Id == claim.ClinicId).Select(c => c.Name).SingleAsync(ct);
        Payer = claim.PayerId is { } payerId ? await db.Payers.Where(p => p.Id == payerId).Select(p => p.Name).SingleAsync(ct) : "self-pay";
        var workflowRole = WorkflowRole();
        LeasedToOther = workflowRole == ClaimRole.Coder && claim.IsLeasedToOther(Me, time.GetUtcNow());
        Permitted = workflowRole is { } role && !LeasedToOther ? [.. claim.PermittedTriggers(role).Where(t => Statements.PatientBilling.Offers(claim, t))] : [];
        CanEdit = workflowRole == ClaimRole.Coder && claim.State == ClaimState.Coding && !LeasedToOther;
        return true;
    }

    /// <summary>What the page shows beyond the claim: decrypted demographics, coverage, context, suggestions, findings.</summary>
    private async Task LoadWorkbenchAsync(CancellationToken ct)
    {
        Demographics = await db.Phi.RevealAsync(Patient, ct);
        if (Claim.CoverageId is { } coverageId)
        {
            Coverage = await db.Coverages.AsNoTracking().SingleOrDefaultAsync(c => c.Id == coverageId, ct);
            if (Coverage is not null) MemberId = await db.Phi.RevealMemberIdAsync(Coverage, ct);
        }

        if (IsCoder || User.IsInRole(Roles.Auditor) || User.IsInRole(Roles.Admin))
        {
            var asked = db.ClinicQuestions.AsNoTracking().Where(q => q.ClaimId == Claim.Id);
            if (await asked.AnyAsync(ct)) Questions = await questions.ReadAsync(asked, HttpContext.Caller(), 5, ct);
        }

        var decisions = await db.CodingDecisions.AsNoTracking().Where(d => d.ClaimId == Claim.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var latest = new Dictionary<(CodeSystemKind, string), CodingVerdict>();
        foreach (var d in decisions) latest[(d.System, d.Code)] = d.Verdict; // a change of mind is a newer row
        // One read of the encounter's items. For the people who code or check coding, the encounter type carries the
        // E/M suggestion and every other item its own (decrypted birth date: the age bands need the exact age).
        var items = await db.ClaimClinicalItems.AsNoTracking().Where(i => i.ClaimId == Claim.Id).OrderBy(i => i.Sequence).ToListAsync(ct);
        var codable = items.Where(i => i.Kind != ClinicalKind.EncounterType).ToList();
        var suggested = new Dictionary<string, SourcedSuggestions>(StringComparer.Ordinal);
        if (IsCoder || User.IsInRole(Roles.Auditor) || User.IsInRole(Roles.Admin))
        {
            var born = DateOnly.TryParseExact(Demographics?.BirthDate, "yyyy-MM-dd", out var day) ? day : (DateOnly?)null;
            var encounter = await ClaimCoding.EncounterFactsAsync(db, Claim, born, ct);
            foreach (var found in ClaimCodingSuggestions.For(codes.Search, codable.Select(ClaimCoding.Source), encounter, take: 3)) suggested.TryAdd(found.Source.Resource, found);
            if (suggested.TryGetValue(ClaimCodingSuggestions.EncounterResource, out var visit)) Visit = visit;
        }
        Context = items.Select(item =>
        {
            if (!suggested.TryGetValue($"{item.Kind}/{item.Sequence}", out var found)) return new ContextView(item, null, []);
            return new ContextView(item, found.Source, Views(found, latest));
        }).ToList();

        EarlierHistory = await Coding.EarlierHistory.ForClaimAsync(db, Claim, cancellationToken: ct);

        var descriptions = new Dictionary<string, string>();
        foreach (var d in Claim.Diagnoses)
        {
            if (codes.Icd10Cm.Latest.Find(d.Code.Value) is { } entry) descriptions[d.Code.Value] = entry.Description;
        }
        foreach (var l in Claim.Lines)
        {
            if (codes.Cpt.Codes.TryGetValue(l.Code.Value, out var cpt)) descriptions[l.Code.Value] = cpt.Label;
            else if (codes.Hcpcs.Codes.TryGetValue(l.Code.Value, out var hcpcs)) descriptions[l.Code.Value] = hcpcs.ShortDescription;
        }
        Descriptions = descriptions;

        if (Claim.State is not ClaimState.Voided)
        {
            var inputs = await StoredClaimInputs.LoadAsync(db, [Claim], cancellationToken: ct);
            Findings = scrubber.Scrub(inputs.For(Claim), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), inputs.Duplicates);
        }
    }

    private static List<SuggestionView> Views(SourcedSuggestions found, Dictionary<(CodeSystemKind, string), CodingVerdict> latest) =>
        found.Suggestions.Select(s =>
        {
            var system = !found.Source.IsProcedure ? CodeSystemKind.Icd10Cm : ProcedureCode.TryParse(s.Code, out var p) && p.System == ProcedureCodeSystem.Hcpcs ? CodeSystemKind.Hcpcs : CodeSystemKind.Cpt;
            var code = ClaimCoding.Normalise(s.Code, system).Code;
            return new SuggestionView(s, system, latest.TryGetValue((system, code), out var v) ? v : null);
        }).ToList();

    /// <summary>The workflow role of a signed-in person; auditors and admins look but do not move claims.</summary>
    private ClaimRole? WorkflowRole() => Callers.Role(User) is ClaimRole.Coder or ClaimRole.Biller or ClaimRole.Clinic ? Callers.Role(User) : null;

    private string RoleName() => Roles.All.FirstOrDefault(User.IsInRole) ?? "User";

    public static bool NeedsReason(ClaimState state, ClaimTrigger trigger) => ClaimWorkflow.Find(state, trigger)?.NeedsReason == true;
}

using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

internal sealed record ClaimRow(
    Guid Id, string ControlNumber, ClaimState State, string Clinic, string Patient, string Payer,
    DateOnly ServiceFrom, DateOnly ServiceTo, int Lines, decimal TotalCharge, DateTimeOffset UpdatedAt);

internal sealed record DiagnosisView(int Sequence, string Code);

internal sealed record LineView(int Line, string Code, string System, IReadOnlyList<string> Modifiers, int Units, decimal Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly ServiceDate);

internal sealed record EventView(DateTimeOffset At, ClaimState From, ClaimState To, ClaimTrigger Trigger, string Actor, ClaimRole Role, string? Reason);

internal sealed record ClaimDetail(
    Guid Id, string ControlNumber, ClaimState State, int Version, string Clinic, Guid PatientId, string Patient, string Payer,
    string BillingProviderNpi, string? RenderingProviderNpi, DateOnly ServiceFrom, DateOnly ServiceTo, string PlaceOfService,
    int FrequencyCode, Guid? OriginalClaimId, string? PayerClaimNumber, decimal TotalCharge,
    IReadOnlyList<DiagnosisView> Diagnoses, IReadOnlyList<LineView> Lines, IReadOnlyDictionary<string, IReadOnlyList<ClaimTrigger>> PermittedTriggers,
    IReadOnlyList<EventView> History, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The patient's name, decrypted ("Family, Given"); "erased" after GDPR erasure; null when none is held.</summary>
    public string? PatientName { get; init; }

    /// <summary>What the payer said (every posted 835 claim payment, line by line, with CARC/RARC words) and the ledger balances.</summary>
    public Remittance.ExplanationOfBenefitsView? Eob { get; init; }
}

internal static class ClaimViews
{
    /// <summary>What is shown for a patient's identifying data after a GDPR erasure.</summary>
    public const string Erased = "erased";

    public const string SelfPay = "(self-pay)";

    /// <summary>Claims with their clinic, patient pseudonym and payer names, newest service first.</summary>
    public static IQueryable<ClaimRow> Rows(ClaimsDbContext db, ClaimState? state)
    {
        var claims = state is { } s ? db.Claims.Where(c => c.State == s) : db.Claims;
        return from c in claims
               join clinic in db.Clinics on c.ClinicId equals clinic.Id
               join patient in db.Patients on c.PatientId equals patient.Id
               join payer in db.Payers on c.PayerId equals payer.Id into payers
               from payer in payers.DefaultIfEmpty()
               orderby c.ServiceFrom descending, c.Id
               select new ClaimRow(c.Id, c.ControlNumber.Value, c.State, clinic.Name, patient.Pseudonym, payer == null ? SelfPay : payer.Name,
                   c.ServiceFrom, c.ServiceTo, c.Lines.Count, c.TotalCharge.Cents / 100m, c.UpdatedAt);
    }

    public static async Task<ClaimDetail> DetailAsync(ClaimsDbContext db, Claim claim, CancellationToken ct)
    {
        var clinic = await db.Clinics.Where(x => x.Id == claim.ClinicId).Select(x => x.Name).SingleAsync(ct);
        var patient = await db.Patients.Where(x => x.Id == claim.PatientId).Select(x => x.Pseudonym).SingleAsync(ct);
        var payer = claim.PayerId is { } payerId ? await db.Payers.Where(x => x.Id == payerId).Select(x => x.Name).SingleAsync(ct) : SelfPay;
        var permitted = new[] { ClaimRole.Coder, ClaimRole.Clinic, ClaimRole.Scrubber, ClaimRole.Biller, ClaimRole.Payer }
            .Select(r => (Role: r, Triggers: claim.PermittedTriggers(r)))
            .Where(x => x.Triggers.Count > 0)
            .ToDictionary(x => x.Role.ToString(), x => x.Triggers);
        return new ClaimDetail(
            claim.Id, claim.ControlNumber.Value, claim.State, claim.Version, clinic, claim.PatientId, patient, payer,
            claim.BillingProviderNpi.Value, claim.RenderingProviderNpi?.Value, claim.ServiceFrom, claim.ServiceTo, claim.PlaceOfService.Code,
            (int)claim.Frequency, claim.OriginalClaimId, claim.PayerClaimNumber, claim.TotalCharge.Amount,
            [.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => new DiagnosisView(d.Sequence, d.Code.Display))],
            [.. claim.Lines.OrderBy(l => l.LineNumber).Select(l => new LineView(l.LineNumber, l.Code.Value, l.Code.System.ToString().ToUpperInvariant(), [.. l.Modifiers.Select(m => m.Value)], l.Units, l.Charge.Amount, l.DiagnosisPointers, l.ServiceDate))],
            permitted,
            [.. claim.History.Select(e => new EventView(e.At, e.From, e.To, e.Trigger, e.ActorId, e.ActorRole, e.Reason))],
            claim.CreatedAt, claim.UpdatedAt);
    }
}

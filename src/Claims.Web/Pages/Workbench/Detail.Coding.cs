using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Coding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Workbench;

/// <summary>
/// The coder's edits on the workbench: verdicts on suggestions, diagnoses (add, reorder, remove) and service lines
/// (add, revise, remove). Each one checks the page's version and the lease, renews the lease, changes the claim
/// through the aggregate, writes an audit entry and redirects back to the section it came from.
/// </summary>
public sealed partial class DetailModel
{
    public async Task<IActionResult> OnPostVerdictAsync(Guid id, int version, string? code, CodeSystemKind system, CodingVerdict verdict, string? evidence, double? score, int? source, CancellationToken ct) =>
        await EditAsync(id, version, "context", async claim =>
        {
            var (clean, kind) = ClaimCoding.Normalise(code ?? "", system);
            var item = source is { } seq ? await db.ClaimClinicalItems.AsNoTracking().FirstOrDefaultAsync(i => i.ClaimId == id && i.Sequence == seq, ct) : null;
            var effect = ClaimCoding.Record(db, claim, clean, kind, verdict, evidence, score, Me, time.GetUtcNow(), item?.Charge ?? Money.Zero);
            var shown = kind == CodeSystemKind.Icd10Cm ? Icd10Code.Parse(clean).Display : clean;
            var said = effect switch
            {
                VerdictEffect.DiagnosisAdded => $"Accepted {shown}: added as diagnosis {claim.Diagnoses.Count}.",
                VerdictEffect.LineAdded => $"Accepted {shown}: added as line {claim.Lines.Count}.",
                _ => verdict == CodingVerdict.Accepted ? $"Accepted {shown} (already on the claim)." : $"Rejected {shown}.",
            };
            return (said, $"coding {(verdict == CodingVerdict.Accepted ? "accept" : "reject")} system={kind} code={clean}{(effect == VerdictEffect.RecordedOnly ? "" : " " + effect)}");
        }, ct);

    public async Task<IActionResult> OnPostAddDiagnosisAsync(Guid id, int version, string? code, CancellationToken ct) =>
        await EditAsync(id, version, "diagnoses", claim =>
        {
            var icd = Icd10Code.Parse(ClaimCoding.Normalise(code ?? "", CodeSystemKind.Icd10Cm).Code);
            if (claim.Diagnoses.Any(d => d.Code == icd)) throw new DomainValidationException($"Diagnosis {icd.Display} is already on the claim.");
            claim.SetDiagnoses([.. Ordered(claim), icd]);
            return Task.FromResult(($"Added diagnosis {icd.Display}.", $"diagnosis add code={icd.Value}"));
        }, ct);

    public async Task<IActionResult> OnPostMoveDiagnosisAsync(Guid id, int version, int position, int by, CancellationToken ct) =>
        await EditAsync(id, version, "diagnoses", claim =>
        {
            var list = Ordered(claim);
            var to = position - 1 + Math.Sign(by);
            if (position < 1 || position > list.Count || to < 0 || to >= list.Count) throw new DomainValidationException("That diagnosis cannot move further.");
            (list[position - 1], list[to]) = (list[to], list[position - 1]);
            claim.SetDiagnoses(list);
            return Task.FromResult(($"Moved {list[to].Display} to position {to + 1}; line pointers follow it.", $"diagnosis move from={position} to={to + 1}"));
        }, ct);

    public async Task<IActionResult> OnPostRemoveDiagnosisAsync(Guid id, int version, int position, CancellationToken ct) =>
        await EditAsync(id, version, "diagnoses", claim =>
        {
            var list = Ordered(claim);
            if (position < 1 || position > list.Count) throw new DomainValidationException($"There is no diagnosis {position}.");
            var removed = list[position - 1];
            list.RemoveAt(position - 1);
            claim.SetDiagnoses(list);
            return Task.FromResult(($"Removed diagnosis {removed.Display}; pointers to it were dropped.", $"diagnosis remove code={removed.Value}"));
        }, ct);

    public async Task<IActionResult> OnPostAddLineAsync(Guid id, int version, string? code, string? modifiers, int units, string? charge, string? pointers, CancellationToken ct) =>
        await EditAsync(id, version, "lines", claim =>
        {
            var line = claim.AddLine(ProcedureCode.Parse((code ?? "").Trim()), Modifiers(modifiers), units == 0 ? 1 : units, Charge(charge), Pointers(pointers, claim));
            return Task.FromResult(($"Added line {line.LineNumber}: {line.Code}.", $"line add number={line.LineNumber} code={line.Code.Value}"));
        }, ct);

    public async Task<IActionResult> OnPostReviseLineAsync(Guid id, int version, int line, string? modifiers, int units, string? charge, string? pointers, CancellationToken ct) =>
        await EditAsync(id, version, "lines", claim =>
        {
            claim.ReviseLine(line, Modifiers(modifiers), units, Charge(charge), Pointers(pointers, claim));
            return Task.FromResult(($"Saved line {line}.", $"line revise number={line}"));
        }, ct);

    public async Task<IActionResult> OnPostRemoveLineAsync(Guid id, int version, int line, CancellationToken ct) =>
        await EditAsync(id, version, "lines", claim =>
        {
            claim.RemoveLine(line);
            return Task.FromResult(($"Removed line {line}; the lines after it were renumbered.", $"line remove number={line}"));
        }, ct);

    /// <summary>
    /// The frame of every edit: the claim must be this user's to code (a coder, in Coding, no other coder's live
    /// lease) and unchanged since the page was drawn; the lease is renewed, the edit applied, audited and saved together.
    /// </summary>
    private async Task<IActionResult> EditAsync(Guid id, int version, string section, Func<Claim, Task<(string Message, string Audit)>> edit, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!IsCoder) return Forbid();
        if (Refusal(ClaimRole.Coder, version) is { } refused) return refused;
        if (Claim.State != ClaimState.Coding)
        {
            Problem = Claim.State == ClaimState.Received ? "Start coding the claim first (it takes the claim for you)." : $"A claim in {Claim.State} is not being coded; its codes cannot change.";
            return RedirectToPage(new { id });
        }
        try
        {
            Claim.Take(new Actor(Me, ClaimRole.Coder), time.GetUtcNow(), CoderAssignments.DefaultLease);
            var (message, details) = await edit(Claim);
            db.Audit(new AuditRecord(Me, RoleName(), AuditAction.Update, "Claim", id.ToString(), Patient.Pseudonym,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: "web " + details));
            await db.SaveChangesAsync(ct);
            Message = message;
        }
        catch (ClaimsDomainException ex)
        {
            db.ClearPendingAudit();
            Problem = ex.Message;
        }
        return RedirectToPage(null, null, new { id }, section);
    }

    private static List<Icd10Code> Ordered(Claim claim) => [.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code)];

    /// <summary>Modifiers as typed: separated by commas or spaces.</summary>
    private static Modifier[] Modifiers(string? text) =>
        [.. (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Modifier.Parse)];

    /// <summary>Pointers as typed: diagnosis positions (1, 2) or the codes themselves (J20.9), separated by commas or spaces.</summary>
    private static int[] Pointers(string? text, Claim claim) =>
        [.. (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
            int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : claim.Diagnoses.FirstOrDefault(d => d.Code.Value == ClaimCoding.Normalise(p, CodeSystemKind.Icd10Cm).Code)?.Sequence
              ?? throw new DomainValidationException($"'{(p.Length <= 12 ? p : p[..12] + "...")}' is neither a diagnosis position nor a diagnosis on this claim."))];

    private static Money Charge(string? text) =>
        decimal.TryParse((text ?? "").Trim().TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? Money.Of(amount)
            : throw new DomainValidationException("A charge is an amount such as 125.00.");
}

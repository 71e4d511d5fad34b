using Claims.Coding;
using Claims.Domain;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Mvc;

namespace Claims.Web.Pages.ClaimPages;

/// <summary>
/// The coder's edits on the workbench: verdicts on suggestions, diagnoses (add, reorder, remove) and service lines
/// (add, revise, remove). Each one is a <see cref="Claims.Coding.Workbench"/> act (lease, version, audit and save
/// together); the page only says what happened and goes back to the section the coder came from.
/// </summary>
public sealed partial class DetailModel
{
    public Task<IActionResult> OnPostVerdictAsync(Guid id, int version, string? code, CodeSystemKind system, CodingVerdict verdict, string? evidence, double? score, int? source, CancellationToken ct) =>
        EditAsync(id, "context", caller => workbench.RecordVerdictAsync(id, caller, version, code, system, verdict, evidence, score, source, ct));

    public Task<IActionResult> OnPostAddDiagnosisAsync(Guid id, int version, string? code, CancellationToken ct) =>
        EditAsync(id, "diagnoses", caller => workbench.AddDiagnosisAsync(id, caller, version, code, ct));

    public Task<IActionResult> OnPostMoveDiagnosisAsync(Guid id, int version, int position, int by, CancellationToken ct) =>
        EditAsync(id, "diagnoses", caller => workbench.MoveDiagnosisAsync(id, caller, version, position, by, ct));

    public Task<IActionResult> OnPostRemoveDiagnosisAsync(Guid id, int version, int position, CancellationToken ct) =>
        EditAsync(id, "diagnoses", caller => workbench.RemoveDiagnosisAsync(id, caller, version, position, ct));

    public Task<IActionResult> OnPostAddLineAsync(Guid id, int version, string? code, string? modifiers, int units, string? charge, string? pointers, CancellationToken ct) =>
        EditAsync(id, "lines", caller => workbench.AddLineAsync(id, caller, version, new LineEntry(code, modifiers, units, charge, pointers), ct));

    public Task<IActionResult> OnPostReviseLineAsync(Guid id, int version, int line, string? modifiers, int units, string? charge, string? pointers, CancellationToken ct) =>
        EditAsync(id, "lines", caller => workbench.ReviseLineAsync(id, caller, version, line, new LineEntry(null, modifiers, units, charge, pointers), ct));

    public Task<IActionResult> OnPostRemoveLineAsync(Guid id, int version, int line, CancellationToken ct) =>
        EditAsync(id, "lines", caller => workbench.RemoveLineAsync(id, caller, version, line, ct));

    /// <summary>Runs one workbench act for a coder and redirects back to <paramref name="section"/> with its message or its refusal.</summary>
    private async Task<IActionResult> EditAsync(Guid id, string section, Func<Caller, Task<WorkbenchResult>> act)
    {
        if (!IsCoder) return Forbid();
        try
        {
            Message = (await act(HttpContext.As(ClaimRole.Coder))).Message;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage(null, null, new { id }, section);
    }
}

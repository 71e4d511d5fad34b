using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Submission;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// Batch history: each 837P batch (sent, status from its 999) and the files received back for it (999 accepted or
/// rejected, 277CA counts, 835 totals); resend a batch, download it or a received file (audited exports), fetch now.
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class BatchesModel(ClaimsDbContext db, Submissions submissions) : PageModel
{
    public sealed record Received(Guid Id, string Name, string Kind, string Summary, DateTimeOffset At);

    public IReadOnlyList<BatchSummary> Batches { get; private set; } = [];

    public IReadOnlyDictionary<Guid, List<Received>> Files { get; private set; } = new Dictionary<Guid, List<Received>>();

    public IReadOnlyList<Received> Unmatched { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Batches = await submissions.ListAsync(50, ct);
        var ids = Batches.Select(b => b.Id).ToList();
        var files = await db.ReceivedFiles.AsNoTracking().Where(f => f.BatchId == null || ids.Contains(f.BatchId.Value))
            .OrderBy(f => f.ReceivedAt).Select(f => new { f.BatchId, f.Id, f.Name, f.Kind, f.Summary, f.ReceivedAt }).ToListAsync(ct);
        Files = files.Where(f => f.BatchId is not null).GroupBy(f => f.BatchId!.Value)
            .ToDictionary(g => g.Key, g => g.Select(f => new Received(f.Id, f.Name, f.Kind, f.Summary, f.ReceivedAt)).ToList());
        Unmatched = [.. files.Where(f => f.BatchId is null).Select(f => new Received(f.Id, f.Name, f.Kind, f.Summary, f.ReceivedAt))];
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct)
    {
        var run = await submissions.ResendAsync(id, HttpContext.As(ClaimRole.Biller), ct);
        Message = run.SendError ?? $"{run.Batch!.FileName} sent again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostFetchAsync(CancellationToken ct)
    {
        var received = await submissions.FetchAnswersAsync(HttpContext.As(ClaimRole.Biller), ct);
        Message = received.Count == 0 ? "Nothing new from the clearinghouse." : $"{received.Count} file(s) received: " + string.Join("; ", received.Select(r => $"{r.Kind} {r.Summary}"));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDownloadAsync(Guid id, CancellationToken ct)
    {
        var file = await submissions.DownloadAsync(id, HttpContext.As(ClaimRole.Biller), ct);
        return File(file.Content, "application/edi-x12", file.FileName);
    }

    public async Task<IActionResult> OnPostDownloadReceivedAsync(Guid id, CancellationToken ct)
    {
        var file = await submissions.DownloadReceivedAsync(id, HttpContext.As(ClaimRole.Biller), ct);
        return File(file.Content, "application/edi-x12", file.FileName);
    }
}

using Claims.Domain;
using Claims.Remittance;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// Posting remittances: upload 999/277CA/835 files or fetch the clearinghouse mailbox, and see what each file posted
/// (claims moved with paid, adjusted, patient and denied amounts; duplicates skipped; exceptions). Both acts are
/// <see cref="RemittanceFiles"/>, the files are sealed before they are read, and the results shown are audited.
/// </summary>
[Authorize(Roles = Roles.Biller)]
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class RemittanceModel(RemittanceFiles files) : PageModel
{
    /// <summary>A large payer's 835 is tens of MB; the page takes up to 128 MB in one upload.</summary>
    public const long MaxUploadBytes = 128L * 1024 * 1024;

    /// <summary>What the act just did (upload or fetch), shown first.</summary>
    public IReadOnlyList<RemittanceFileResult> Latest { get; private set; } = [];

    /// <summary>Earlier postings, newest first.</summary>
    public IReadOnlyList<RemittanceFileResult> Recent { get; private set; } = [];

    public int Pending { get; private set; }

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile>? uploads, CancellationToken ct)
    {
        try
        {
            var read = new List<UploadedFile>();
            foreach (var upload in uploads ?? [])
            {
                using var buffer = new MemoryStream((int)Math.Min(upload.Length, int.MaxValue));
                await upload.CopyToAsync(buffer, ct);
                read.Add(new UploadedFile(upload.FileName, buffer.ToArray()));
            }
            Latest = await files.UploadAsync(read, HttpContext.As(ClaimRole.Biller), ct);
            Message = $"{Latest.Count} file(s) posted.";
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFetchAsync(CancellationToken ct)
    {
        var (fetched, posted) = await files.FetchAsync(HttpContext.As(ClaimRole.Biller), ct);
        Latest = posted;
        Message = fetched.Count == 0 && posted.Count == 0
            ? "Nothing new from the clearinghouse."
            : $"{fetched.Count} new file(s) fetched from the clearinghouse; {posted.Count} file(s) posted.";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var latest = Latest.Select(r => r.FileId).ToHashSet();
        Recent = [.. (await files.RecentAsync(10 + latest.Count, HttpContext.As(ClaimRole.Biller), ct)).Where(r => !latest.Contains(r.FileId)).Take(10)];
        Pending = await files.PendingCountAsync(ct);
    }
}

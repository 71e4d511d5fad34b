using Claims.Submission;

namespace Claims.Operations.Reports;

/// <summary>
/// A closed month's client report, made once by the monthly-reports job and kept so a manager downloads the same
/// files later without making them again. One per clinic and month (a unique index, so instances racing on it keep
/// one). The report names no patient, but it is kept as every generated document is: sealed
/// (<see cref="SealedFile"/>, a file key of its own under the key ring), so a copied database shows nothing of a
/// client's figures either.
/// </summary>
public sealed class KeptMonthlyReport
{
    /// <summary>The associated data of the PDF (table and part), so the two files of a row cannot be swapped.</summary>
    public const string PdfTable = "monthly_reports.pdf";

    /// <summary>The associated data of the workbook.</summary>
    public const string WorkbookTable = "monthly_reports.xlsx";

    private KeptMonthlyReport() { } // EF Core

    internal KeptMonthlyReport(Guid id, Guid clinicId, string month, DateTimeOffset createdAt, string createdBy, string pdfName, string workbookName)
    {
        Id = id;
        ClinicId = clinicId;
        Month = month;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        PdfName = pdfName;
        WorkbookName = workbookName;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>The report's month, <c>YYYY-MM</c>.</summary>
    public string Month { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Who made it: the job's system actor.</summary>
    public string CreatedBy { get; private set; } = "";

    /// <summary>The PDF's file name (the clinic's name reduced to letters and digits, and the month).</summary>
    public string PdfName { get; private set; } = "";

    public string WorkbookName { get; private set; } = "";

    public SealedFile Pdf { get; private set; } = null!;

    public SealedFile Workbook { get; private set; } = null!;

    internal void Store(SealedFile pdf, SealedFile workbook)
    {
        Pdf = pdf;
        Workbook = workbook;
    }

    internal void Rewrap(Security.IKeyRing keyRing)
    {
        Pdf = Pdf.Rewrapped(keyRing);
        Workbook = Workbook.Rewrapped(keyRing);
    }
}

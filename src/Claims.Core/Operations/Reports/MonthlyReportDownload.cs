using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>A monthly report's two files as downloaded: the kept ones (<see cref="Kept"/>) or freshly made.</summary>
public sealed record MonthlyReportDownload(Guid ClinicId, ReportMonth Month, DateTimeOffset CreatedAt, bool Kept, string PdfName, byte[] Pdf, string WorkbookName, byte[] Workbook);

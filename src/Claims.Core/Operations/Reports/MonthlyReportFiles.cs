namespace Claims.Operations.Reports;

/// <summary>The monthly report as a PDF and an Excel workbook, with the data they were written from.</summary>
public sealed record MonthlyReportFiles(MonthlyReport Report, string PdfName, byte[] Pdf, string WorkbookName, byte[] Workbook);

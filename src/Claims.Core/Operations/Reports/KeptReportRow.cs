namespace Claims.Operations.Reports;

/// <summary>A kept monthly report in a list: which month, when and by whom it was made (no file content).</summary>
public sealed record KeptReportRow(Guid Id, Guid ClinicId, string Month, DateTimeOffset CreatedAt, string CreatedBy);

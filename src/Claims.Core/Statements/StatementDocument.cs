namespace Claims.Statements;

/// <summary>
/// A rendered statement: the PDF (PHI: keep it in memory, hand it to the biller, never write it in plaintext where it
/// stays), its file name (pseudonym and date, no name) and its SHA-256, which the audit entry keeps instead of the content.
/// </summary>
public sealed record StatementDocument(Guid PatientId, string Pseudonym, string FileName, DateOnly StatementDate, int Claims, int Services, long AmountDueCents, string Sha256, byte[] Pdf);

namespace Claims.Submission;

/// <summary>
/// The control numbers of one interchange, issued by the caller (the database owns the sequences so that a
/// number is never reused): ISA13, GS06 and the first ST02; later transaction sets count up from it.
/// </summary>
public sealed record X12ControlNumbers(int Interchange, int Group, int FirstTransactionSet);

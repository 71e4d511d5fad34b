namespace Claims.Denials;

/// <summary>A generated or enclosed document handed to an authorised user (PHI: keep it in memory, never log it).</summary>
public sealed record AppealDocument(string FileName, string ContentType, byte[] Content);

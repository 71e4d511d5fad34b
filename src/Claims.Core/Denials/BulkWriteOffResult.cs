namespace Claims.Denials;

/// <summary>A bulk write-off: the claims written off, and the ones left alone with the reason why (by control number).</summary>
public sealed record BulkWriteOffResult(IReadOnlyList<WriteOffResult> WrittenOff, IReadOnlyList<string> Skipped);

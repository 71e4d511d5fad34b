namespace Claims.Coding;

/// <summary>A page of the queue, how many claims match the filter in all, and the cursor of the next page (null on the last).</summary>
public sealed record WorkQueuePage(IReadOnlyList<WorkQueueRow> Rows, int Total, string? NextCursor);

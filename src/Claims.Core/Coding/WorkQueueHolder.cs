namespace Claims.Coding;

/// <summary>Whose claims: anyone's, the ones this coder holds, or the ones nobody holds (no lease, or a lapsed one).</summary>
public enum WorkQueueHolder
{
    Anyone,
    Mine,
    Unassigned,
}

namespace Claims.Denials;

/// <summary>How the worklist is sorted: nearest deadline first (no deadline last), or most money at stake first.</summary>
public enum DenialWorklistOrder
{
    Deadline,
    Amount,
}

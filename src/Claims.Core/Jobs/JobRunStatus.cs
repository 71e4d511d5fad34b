namespace Claims.Jobs;

/// <summary>Where a scheduled run of a background job stands.</summary>
public enum JobRunStatus
{
    /// <summary>Due (or waiting for its next attempt at <see cref="JobRun.NotBefore"/>).</summary>
    Pending,

    /// <summary>Claimed by one instance until <see cref="JobRun.LeaseUntil"/>; taken over by another if that passes.</summary>
    Running,

    /// <summary>Done; never run again.</summary>
    Succeeded,

    /// <summary>Failed on its last attempt; the next slot is a new run.</summary>
    Failed,
}

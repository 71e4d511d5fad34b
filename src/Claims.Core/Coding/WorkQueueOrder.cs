namespace Claims.Coding;

/// <summary>Oldest date of service first (the default: nearest the filing limit) or newest first.</summary>
public enum WorkQueueOrder
{
    OldestFirst,
    NewestFirst,
}

namespace Claims.Denials;

/// <summary>Denials traced to one source (a coder, a scrubber edit): how many claims and how much money.</summary>
public sealed record DenialTrace(string Source, int Claims, long Cents);

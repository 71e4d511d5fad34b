namespace Claims.Operations.Productivity;

/// <summary>Productivity by day or by week (Monday to Sunday, UTC).</summary>
public enum ProductivityGrain
{
    Day,
    Week,
}

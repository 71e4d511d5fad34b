namespace Claims.Operations.Qa;

/// <summary>What a weekly draw added (claims already sampled are not drawn again).</summary>
public sealed record QaDrawResult(DateOnly WeekOf, int Random, int NewCoder, int Targeted)
{
    public int Total => Random + NewCoder + Targeted;
}

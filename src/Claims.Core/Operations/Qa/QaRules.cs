namespace Claims.Operations.Qa;

/// <summary>
/// How claims are drawn for QA each week: <see cref="RandomPercent"/> of each coder's coded claims at random (seeded by
/// the week and the coder, so drawing a week again draws the same claims); every claim of a coder who has not yet had
/// <see cref="NewCoderClaims"/> claims reviewed at an average of <see cref="TargetBasisPoints"/> or better; and every
/// claim denied that week for one of <see cref="TargetedReasons"/>.
/// </summary>
public sealed record QaRules(int RandomPercent, int NewCoderClaims, int TargetBasisPoints, IReadOnlySet<string> TargetedReasons)
{
    /// <summary>5% at random, new coders until 30 reviewed claims average 95%, and every coding denial.</summary>
    public static QaRules Default { get; } = new(5, 30, 9500, CodingDenials.Reasons);

    public void Validate()
    {
        if (RandomPercent is < 0 or > 100) throw new DomainValidationException("The random share is 0 to 100%.");
        if (NewCoderClaims is < 0 or > 10_000) throw new DomainValidationException("A new coder's probation is 0 to 10,000 claims.");
        if (TargetBasisPoints is < 0 or > 10_000) throw new DomainValidationException("The accuracy target is 0 to 100%.");
    }
}

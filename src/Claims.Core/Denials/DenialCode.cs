namespace Claims.Denials;

/// <summary>
/// One refused amount as the payer reported it (claim level when <see cref="LineNumber"/> is null), with the codes in
/// words (CARC from the X12 list as CMS republishes it, RARC from our short table) and what the rules table says.
/// </summary>
public sealed record DenialCode(int? LineNumber, string Group, string Carc, IReadOnlyList<string> Rarcs, long AmountCents, string Words, IReadOnlyList<string> RarcWords, DenialVerdict Verdict)
{
    /// <summary>"CO-50" or "CO-16/MA130".</summary>
    public string Label => Rarcs.Count == 0 ? $"{Group}-{Carc}" : $"{Group}-{Carc}/{string.Join("/", Rarcs)}";
}

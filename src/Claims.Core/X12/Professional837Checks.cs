namespace Claims.X12;

/// <summary>
/// A first, deliberately small set of 837P (005010X222A1) TR3 checks over a segment stream, for inbound claim
/// files (the payer simulator, a clearinghouse return): every NM1 names its entity code and type (1 person, 2
/// organization); the first NM1 of 2000A is the billing provider (NM1*85, loop 2010AA); in a name loop the street
/// (N3) comes before city/state/ZIP (N4), and both before the loop's DMG, REF and PER; CLM carries CLM01, CLM02 and CLM05 as place:B:frequency. It is not a full
/// TR3 validator: the first broken rule raises an <see cref="X12FormatException"/> naming the segment, as the
/// envelope checks do, and segments of other transaction sets pass through untouched.
/// </summary>
public static class Professional837Checks
{
    public const string Guide = "005010X222";

    /// <summary>The segments of <paramref name="segments"/>, each checked before it is passed on.</summary>
    public static IEnumerable<X12Segment> CheckProfessionalClaims(this IEnumerable<X12Segment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var inClaimSet = false;
        var billingProviderNext = false;
        X12Segment? address = null; // the N4 seen in the current name loop, if any
        X12Segment? detail = null; // the first DMG/REF/PER of the current name loop, if any
        foreach (var s in segments)
        {
            switch (s.Id)
            {
                case "ST":
                    inClaimSet = s.Element(1) == "837" && s.Element(3).StartsWith(Guide, StringComparison.Ordinal);
                    break;
                case "SE":
                    inClaimSet = false;
                    break;
                case "HL" when inClaimSet:
                    billingProviderNext = s.Element(3) == "20";
                    (address, detail) = (null, null);
                    break;
                case "NM1" when inClaimSet:
                    CheckName(s, billingProviderNext);
                    billingProviderNext = false;
                    (address, detail) = (null, null);
                    break;
                case "N3" or "N4" when inClaimSet && detail is not null:
                    throw s.Error($"expected {s.Id} before {detail.Id} in the name loop (the address follows NM1); {detail.Id} came first at segment {detail.Number}");
                case "N3" when inClaimSet && address is not null:
                    throw s.Error($"expected N3 (address) before N4 (city, state, ZIP) in the name loop; N4 came first at segment {address.Number}");
                case "N4" when inClaimSet:
                    address = s;
                    break;
                case "DMG" or "REF" or "PER" when inClaimSet:
                    detail ??= s;
                    break;
                case "CLM" when inClaimSet:
                    CheckClaim(s);
                    (address, detail) = (null, null);
                    break;
                default:
                    break;
            }
            yield return s;
        }
    }

    private static void CheckName(X12Segment nm1, bool billingProvider)
    {
        nm1.Require(1, "entity identifier code");
        nm1.RequiredCode(2, "entity type qualifier: 1 person, 2 non-person entity", "1", "2");
        if (billingProvider && !nm1.Span(1).SequenceEqual("85"))
            throw nm1.Error($"expected NM101 85 (billing provider, loop 2010AA) as the first name after HL*20, found '{nm1.Element(1)}'");
    }

    private static void CheckClaim(X12Segment clm)
    {
        clm.Require(1, "claim control number");
        clm.Require(2, "total claim charge amount");
        if (clm.Component(5, 1).Length == 0 || clm.Component(5, 2) != "B" || clm.Component(5, 3).Length == 0)
            throw clm.Error("expected CLM05 as place of service:B:claim frequency code");
    }
}

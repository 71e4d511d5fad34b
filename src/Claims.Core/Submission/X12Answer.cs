using System.Globalization;
using Claims.Remittance;
using Claims.X12;

namespace Claims.Submission;

/// <summary>
/// What a clearinghouse file says at a glance, for the batch history (no PHI): its kind, a summary of counts and
/// codes, whether a 999 accepted the group, the GS06 it answers and the claim control numbers it names. Read with
/// the X12 reader (<see cref="RemittanceFile"/>); a file it refuses is kept as <c>unknown</c> with the reader's message.
/// </summary>
internal sealed record X12Answer(string Kind, string Summary, bool? Accepted, int? GroupControlNumber, IReadOnlyList<string> ClaimControlNumbers)
{
    public static X12Answer Read(byte[] content)
    {
        List<RemittanceDocument> documents;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            documents = [.. RemittanceFile.Read(stream)];
        }
        catch (ClaimsDomainException ex)
        {
            return new X12Answer("unknown", Truncate(ex.Message), null, null, []);
        }
        var acks = documents.OfType<ImplementationAcknowledgment>().ToList();
        var claimAcks = documents.OfType<ClaimAcknowledgment>().ToList();
        var remits = documents.OfType<RemittanceAdvice>().ToList();
        if (acks.Count > 0) return Ack(acks);
        if (claimAcks.Count > 0) return ClaimAck(claimAcks);
        if (remits.Count > 0) return Remittance(remits);
        return new X12Answer("unknown", "no 999, 277CA or 835 in the file", null, null, []);
    }

    private static X12Answer Ack(List<ImplementationAcknowledgment> acks)
    {
        var ack = acks[0];
        var group = int.TryParse(ack.AcknowledgedGroupControlNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : (int?)null;
        var rejectedSets = ack.TransactionSets.Count(t => !t.IsAccepted);
        var errors = ack.TransactionSets.Sum(t => t.SegmentErrors.Count);
        var summary = ack.GroupStatus switch
        {
            "A" => $"accepted ({ack.TransactionSetsAccepted} of {ack.TransactionSetsReceived} transaction sets)",
            "E" => "accepted with errors noted",
            "P" => $"partially accepted ({rejectedSets} transaction sets rejected)",
            _ => $"rejected ({errors} segment errors)",
        };
        return new X12Answer("999", summary, ack.IsGroupAccepted, group, []);
    }

    private static X12Answer ClaimAck(List<ClaimAcknowledgment> acks)
    {
        var claims = acks.SelectMany(a => a.Claims).ToList();
        var accepted = claims.Count(c => c.Outcome == AcknowledgmentOutcome.Accepted);
        var rejected = claims.Count(c => c.Outcome == AcknowledgmentOutcome.Rejected);
        return new X12Answer("277CA", $"{accepted} accepted, {rejected} rejected", null, null, [.. claims.Select(c => c.ClaimControlNumber)]);
    }

    private static X12Answer Remittance(List<RemittanceAdvice> remits)
    {
        var claims = remits.SelectMany(r => r.Claims).ToList();
        var paid = claims.Sum(c => c.PaidCents);
        var reversals = claims.Count(c => c.IsReversal);
        var payment = remits.Sum(r => r.Payment.AmountCents);
        return new X12Answer("835", FormattableString.Invariant($"{claims.Count} claims ({reversals} reversals), paid {X12Values.FormatCents(paid)}, payment {X12Values.FormatCents(payment)}"), null, null, [.. claims.Select(c => c.ClaimControlNumber)]);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}

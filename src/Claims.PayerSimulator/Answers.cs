using System.Globalization;

namespace Claims.PayerSimulator;

/// <summary>Writes the simulator's answers: a 999 per interchange, a 277CA per interchange (a 2200D per claim), an 835 per payer.</summary>
internal static class Answers
{
    /// <summary>999 (005010X231A1): AK1 echoes GS; per ST an AK2 and IK5; a syntax error as IK3 (+ IK4) with IK5 R and AK9 R.</summary>
    public static byte[] Ack999(Interchange837 inbound, DateTime at, char usage)
    {
        var w = new X12Out();
        var control = inbound.InterchangeControlNumber;
        w.Interchange(inbound.ReceiverId, inbound.SenderId, control, at, usage);
        w.Group("FA", inbound.ReceiverId, inbound.SenderId, inbound.GroupControlNumber.Length > 0 ? inbound.GroupControlNumber : "1", at, "005010X231A1");
        w.StartSet("999", "0001", "005010X231A1");
        w.Segment("AK1", "HC", inbound.GroupControlNumber.Length > 0 ? inbound.GroupControlNumber : "0", "005010X222A1");
        var sets = inbound.TransactionSetNumbers.Count == 0 ? ["0001"] : inbound.TransactionSetNumbers;
        foreach (var st in sets)
        {
            w.Segment("AK2", "837", st, "005010X222A1");
            var failed = inbound.Error is { } error && st == sets[^1];
            if (failed)
            {
                var e = inbound.Error!;
                w.Segment("IK3", e.SegmentId, e.PositionInSet.ToString(CultureInfo.InvariantCulture), null, e.SegmentErrorCode);
                if (e.ElementPosition is { } position) w.Segment("IK4", position.ToString(CultureInfo.InvariantCulture), null, e.ElementErrorCode);
                w.Segment("IK5", "R", "5");
            }
            else
            {
                w.Segment("IK5", inbound.IsAccepted ? "A" : "R", inbound.IsAccepted ? null : "5");
            }
        }
        var accepted = inbound.IsAccepted ? sets.Count : sets.Count - 1;
        var n = sets.Count.ToString(CultureInfo.InvariantCulture);
        w.Segment("AK9", inbound.IsAccepted ? "A" : accepted > 0 ? "P" : "R", n, n, accepted.ToString(CultureInfo.InvariantCulture));
        w.EndSet("0001");
        w.EndGroup(inbound.GroupControlNumber.Length > 0 ? inbound.GroupControlNumber : "1");
        w.EndInterchange(control);
        return w.ToBytes();
    }

    /// <summary>277CA (005010X214): per 837 ST, source (the payer) -> receiver (the submitter) -> billing provider -> patient with TRN*2 = CLM01.</summary>
    public static byte[] ClaimAck277(Interchange837 inbound, IReadOnlyDictionary<string, FrontEndVerdict> verdicts, DateTime at, char usage)
    {
        var w = new X12Out();
        var control = inbound.InterchangeControlNumber;
        w.Interchange(inbound.ReceiverId, inbound.SenderId, control, at, usage);
        w.Group("HN", inbound.ReceiverId, inbound.SenderId, inbound.GroupControlNumber, at, "005010X214");
        var setNumber = 0;
        foreach (var set in inbound.Transactions)
        {
            var st = (++setNumber).ToString("D4", CultureInfo.InvariantCulture);
            w.StartSet("277", st, "005010X214");
            w.Segment("BHT", "0085", "08", $"{control}-{set.ControlNumber}", X12Out.Date(at), at.ToString("HHmm", CultureInfo.InvariantCulture), "TH");
            var hl = 0;
            var source = ++hl;
            w.Segment("HL", source.ToString(CultureInfo.InvariantCulture), null, "20", "1");
            w.Segment("NM1", "PR", "2", set.PayerName, null, null, null, null, "PI", set.PayerId);
            w.Segment("TRN", "1", $"{control}{set.ControlNumber}");
            w.Segment("DTP", "050", "D8", X12Out.Date(at));
            w.Segment("DTP", "009", "D8", X12Out.Date(at));
            var receiver = ++hl;
            w.Segment("HL", receiver.ToString(CultureInfo.InvariantCulture), source.ToString(CultureInfo.InvariantCulture), "21", "1");
            w.Segment("NM1", "41", "2", "SUBMITTER", null, null, null, null, "46", inbound.SenderId);
            w.Segment("TRN", "2", control);
            var accepted = set.Claims.Where(c => verdicts[c.ControlNumber].Accepted).ToList();
            var rejected = set.Claims.Where(c => !verdicts[c.ControlNumber].Accepted).ToList();
            w.Segment("STC", "A1:19:PR", X12Out.Date(at), "WQ", X12Out.Amount(set.Claims.Sum(c => c.ChargeCents)));
            if (accepted.Count > 0) w.Segment("QTY", "90", accepted.Count.ToString(CultureInfo.InvariantCulture));
            if (rejected.Count > 0) w.Segment("QTY", "AA", rejected.Count.ToString(CultureInfo.InvariantCulture));
            if (accepted.Count > 0) w.Segment("AMT", "YU", X12Out.Amount(accepted.Sum(c => c.ChargeCents)));
            if (rejected.Count > 0) w.Segment("AMT", "YY", X12Out.Amount(rejected.Sum(c => c.ChargeCents)));
            foreach (var provider in set.Claims.GroupBy(c => (c.BillingNpi, c.BillingName)))
            {
                var providerHl = ++hl;
                w.Segment("HL", providerHl.ToString(CultureInfo.InvariantCulture), receiver.ToString(CultureInfo.InvariantCulture), "19", "1");
                w.Segment("NM1", "85", "2", provider.Key.BillingName, null, null, null, null, "XX", provider.Key.BillingNpi);
                w.Segment("TRN", "1", "0");
                foreach (var claim in provider)
                {
                    var verdict = verdicts[claim.ControlNumber];
                    w.Segment("HL", (++hl).ToString(CultureInfo.InvariantCulture), providerHl.ToString(CultureInfo.InvariantCulture), "PT");
                    w.Segment("NM1", "QC", "1", claim.PatientLast, claim.PatientFirst, null, null, null, "MI", claim.MemberId);
                    w.Segment("TRN", "2", claim.ControlNumber);
                    w.Segment("STC", verdict.Accepted ? "A2:20:PR" : $"A7:{verdict.StatusCode}{(verdict.Entity is null ? "" : ":" + verdict.Entity)}", X12Out.Date(at), verdict.Accepted ? "WQ" : "U", X12Out.Amount(claim.ChargeCents));
                    if (verdict.Accepted) w.Segment("REF", "1K", verdict.PayerClaimNumber);
                    var dates = claim.Lines.Select(l => l.ServiceDate).OfType<DateOnly>().ToList();
                    if (dates.Count > 0) w.Segment("DTP", "472", "RD8", $"{X12Out.Date(dates.Min())}-{X12Out.Date(dates.Max())}");
                }
            }
            w.EndSet(st);
        }
        w.EndGroup(inbound.GroupControlNumber);
        w.EndInterchange(control);
        return w.ToBytes();
    }

    /// <summary>
    /// 835 (005010X221A1) for one payer's transaction set: an 835 per payee (billing provider) in one interchange. Line,
    /// claim and transaction balance: SVC02 - CAS = SVC03; CLP03 - CLP04 = CAS; sum(CLP04) - PLB = BPR02 (interest is
    /// a negative PLB L6; a negative total is carried forward as PLB FB so BPR02 is never below zero).
    /// </summary>
    public static byte[] Remit835(Interchange837 inbound, Transaction837 set, IReadOnlyList<AdjudicatedClaim> claims, Adjudicator adjudicator, DateTime at, char usage)
    {
        var w = new X12Out();
        var control = inbound.InterchangeControlNumber;
        var payerCode = set.PayerId.Length > 15 ? set.PayerId[..15] : set.PayerId;
        w.Interchange(payerCode, inbound.SenderId, control, at, usage);
        w.Group("HP", payerCode, inbound.SenderId, set.ControlNumber.TrimStart('0') is { Length: > 0 } g ? g : "1", at, "005010X221A1");
        var setNumber = 0;
        foreach (var payee in claims.GroupBy(c => (c.Claim.BillingNpi, c.Claim.BillingName)))
        {
            var st = (++setNumber).ToString("D4", CultureInfo.InvariantCulture);
            var trace = $"{control}{set.ControlNumber}{setNumber}";
            var paid = payee.Sum(c => c.PaidCents);
            var interest = adjudicator.Interest(trace);
            var forward = paid + interest < 0 ? paid + interest : 0; // negative: carried as a negative FB, so BPR02 is 0
            var payment = paid + interest - forward;
            w.StartSet("835", st, "005010X221A1");
            w.Segment("BPR", payment > 0 ? "I" : "H", X12Out.Amount(payment), "C", payment > 0 ? "ACH" : "NON", payment > 0 ? "CCP" : null, payment > 0 ? "01" : null,
                payment > 0 ? "011000015" : null, payment > 0 ? "DA" : null, payment > 0 ? "0001234567" : null, payment > 0 ? "1000000000" : null, null,
                payment > 0 ? "01" : null, payment > 0 ? "021000021" : null, payment > 0 ? "DA" : null, payment > 0 ? "0007654321" : null, X12Out.Date(at));
            w.Segment("TRN", "1", trace, "1000000000");
            w.Segment("DTM", "405", X12Out.Date(at));
            w.Segment("N1", "PR", set.PayerName);
            w.Segment("N1", "PE", payee.Key.BillingName, "XX", payee.Key.BillingNpi);
            w.Segment("LX", "1");
            foreach (var claim in payee) WriteClaim(w, claim);
            if (interest != 0 || forward != 0)
            {
                var items = new List<string?> { payee.Key.BillingNpi, $"{at.Year}1231" };
                if (interest != 0) items.AddRange([$"L6:{trace}", X12Out.Amount(-interest)]);
                if (forward != 0) items.AddRange([$"FB:{trace}", X12Out.Amount(forward)]);
                w.Segment("PLB", [.. items]);
            }
            w.EndSet(st);
        }
        w.EndGroup(set.ControlNumber.TrimStart('0') is { Length: > 0 } ge ? ge : "1");
        w.EndInterchange(control);
        return w.ToBytes();
    }

    private static void WriteClaim(X12Out w, AdjudicatedClaim claim)
    {
        var c = claim.Claim;
        w.Segment("CLP", c.ControlNumber, claim.Status, X12Out.Amount(claim.ChargeCents), X12Out.Amount(claim.PaidCents), X12Out.Amount(claim.PatientCents),
            FilingCode(c.FilingIndicator), claim.PayerClaimNumber, "11", claim.Status == "22" ? null : c.Frequency == "7" ? "7" : "1");
        w.Segment("NM1", "QC", "1", c.PatientLast, c.PatientFirst, null, null, null, "MI", c.MemberId);
        foreach (var line in claim.Lines)
        {
            w.Segment("SVC", "HC:" + line.Line.Procedure, X12Out.Amount(line.Line.ChargeCents), X12Out.Amount(line.PaidCents), null,
                line.Line.Units.ToString("0.###", CultureInfo.InvariantCulture));
            if (line.Line.ServiceDate is { } date) w.Segment("DTM", "472", X12Out.Date(date));
            foreach (var group in line.Adjustments.GroupBy(a => a.Group))
            {
                var elements = new List<string?> { group.Key };
                foreach (var a in group.Take(6)) elements.AddRange([a.Reason, X12Out.Amount(a.AmountCents), null]);
                while (elements.Count > 0 && elements[^1] is null) elements.RemoveAt(elements.Count - 1);
                w.Segment("CAS", [.. elements]);
            }
            if (line.AllowedCents != 0) w.Segment("AMT", "B6", X12Out.Amount(line.AllowedCents));
            foreach (var remark in line.Remarks) w.Segment("LQ", "HE", remark);
        }
    }

    /// <summary>CLP06 uses the 835's claim filing indicator list, which shares the 837's codes.</summary>
    private static string FilingCode(string sbr09) => sbr09.Length == 2 ? sbr09 : "CI";
}

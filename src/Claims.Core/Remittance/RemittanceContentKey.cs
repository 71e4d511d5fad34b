using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Claims.Remittance;

/// <summary>
/// The identity of a posted transaction: SHA-256 over what it says (payment, trace, payer, every claim payment with its
/// adjustments and lines, every PLB; for a 277CA every claim's trace, statuses and payer claim number), not over its
/// envelope, control numbers or separators. A payer's re-sent copy in a new interchange therefore has the same key and
/// posts nothing the second time, while two payments with different traces never collide.
/// </summary>
public static class RemittanceContentKey
{
    public static string For(RemittanceAdvice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        using var hash = new Writer();
        var p = advice.Payment;
        hash.Add("835").Add(p.HandlingCode).Add(p.AmountCents).Add(p.CreditDebit).Add(p.Method).Add(p.Date?.DayNumber ?? 0)
            .Add(advice.TraceNumber).Add(advice.TraceOriginatorId).Add(advice.Payer.Id).Add(advice.Payee.Id);
        foreach (var c in advice.Claims)
        {
            hash.Add("CLP").Add(c.ClaimControlNumber).Add(c.StatusCode).Add(c.ChargeCents).Add(c.PaidCents).Add(c.PatientResponsibilityCents ?? 0).Add(c.PayerClaimNumber);
            foreach (var a in c.Adjustments) hash.Add(a.Group).Add(a.Reason).Add(a.AmountCents);
            foreach (var l in c.Lines)
            {
                hash.Add("SVC").Add(l.Procedure.Code).Add(l.ChargeCents ?? 0).Add(l.PaidCents ?? 0);
                foreach (var a in l.Adjustments) hash.Add(a.Group).Add(a.Reason).Add(a.AmountCents);
            }
        }
        foreach (var plb in advice.ProviderAdjustments)
        {
            hash.Add("PLB").Add(plb.ProviderId).Add(plb.FiscalPeriodDate.DayNumber);
            foreach (var i in plb.Items) hash.Add(i.Reason).Add(i.Reference).Add(i.AmountCents);
        }
        return hash.Finish();
    }

    public static string For(ClaimAcknowledgment acknowledgment)
    {
        ArgumentNullException.ThrowIfNull(acknowledgment);
        using var hash = new Writer();
        hash.Add("277").Add(acknowledgment.ReferenceId).Add(acknowledgment.CreatedDate?.DayNumber ?? 0);
        foreach (var c in acknowledgment.Claims)
        {
            hash.Add("TRN").Add(c.ClaimControlNumber).Add(c.PayerClaimNumber);
            foreach (var s in c.Statuses) hash.Add(s.Primary.Category).Add(s.Primary.Code).Add(s.EffectiveDate?.DayNumber ?? 0);
        }
        return hash.Finish();
    }

    /// <summary>A 999: the group it answers (AK1), each set's verdict and errors (not IK404's copied value), and AK9.</summary>
    public static string For(ImplementationAcknowledgment acknowledgment)
    {
        ArgumentNullException.ThrowIfNull(acknowledgment);
        using var hash = new Writer();
        hash.Add("999").Add(acknowledgment.AcknowledgedFunctionalId).Add(acknowledgment.AcknowledgedGroupControlNumber).Add(acknowledgment.AcknowledgedVersion)
            .Add(acknowledgment.GroupStatus).Add(acknowledgment.TransactionSetsIncluded).Add(acknowledgment.TransactionSetsReceived).Add(acknowledgment.TransactionSetsAccepted);
        foreach (var set in acknowledgment.TransactionSets)
        {
            hash.Add("AK2").Add(set.TransactionSetCode).Add(set.ControlNumber).Add(set.Status);
            foreach (var code in set.ErrorCodes) hash.Add(code);
            foreach (var e in set.SegmentErrors)
            {
                hash.Add("IK3").Add(e.SegmentId).Add(e.Position).Add(e.LoopId).Add(e.ErrorCode);
                foreach (var x in e.ElementErrors) hash.Add("IK4").Add(x.Position).Add(x.ComponentPosition ?? 0).Add(x.ElementReference).Add(x.ErrorCode);
            }
        }
        foreach (var code in acknowledgment.GroupErrorCodes) hash.Add(code);
        return hash.Finish();
    }

    private sealed class Writer : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = new byte[256];

        public Writer Add(string? text)
        {
            var value = text ?? "";
            var bytes = Encoding.UTF8.GetMaxByteCount(value.Length) + 1 <= _buffer.Length ? _buffer : new byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
            var count = Encoding.UTF8.GetBytes(value, bytes);
            bytes[count] = 0x1F; // unit separator: "AB","C" and "A","BC" differ
            _hash.AppendData(bytes, 0, count + 1);
            return this;
        }

        public Writer Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

        public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public void Dispose() => _hash.Dispose();
    }
}

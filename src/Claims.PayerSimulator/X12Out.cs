using System.Globalization;
using System.Text;
using Claims.X12;

namespace Claims.PayerSimulator;

/// <summary>
/// A small segment writer for the simulator's answers: <c>* : ^ ~</c>, a line break after each segment (receivers
/// strip it), trailing empty elements dropped, and the ISA padded to its fixed widths. Counts segments for SE01.
/// </summary>
internal sealed class X12Out
{
    private readonly StringBuilder _text = new();
    private int _inSet;
    private int _sets;

    public void Segment(string id, params string?[] elements)
    {
        var last = elements.Length;
        while (last > 0 && string.IsNullOrEmpty(elements[last - 1])) last--;
        _text.Append(id);
        for (var i = 0; i < last; i++) _text.Append('*').Append(elements[i]);
        _text.Append("~\n");
        _inSet++;
    }

    public void Interchange(string senderId, string receiverId, string controlNumber, DateTime at, char usage)
    {
        _text.Append(CultureInfo.InvariantCulture, $"ISA*00*{"",10}*00*{"",10}*ZZ*{Pad(senderId, 15)}*ZZ*{Pad(receiverId, 15)}*{at:yyMMdd}*{at:HHmm}*^*00501*{controlNumber.PadLeft(9, '0')[^9..]}*0*{usage}*:~\n");
    }

    public void Group(string functionalId, string sender, string receiver, string controlNumber, DateTime at, string version)
    {
        Segment("GS", functionalId, sender, receiver, at.ToString("yyyyMMdd", CultureInfo.InvariantCulture), at.ToString("HHmm", CultureInfo.InvariantCulture), controlNumber, "X", version);
        _sets = 0;
    }

    public void StartSet(string code, string controlNumber, string guide)
    {
        _inSet = 0;
        Segment("ST", code, controlNumber, guide);
        _sets++;
    }

    public void EndSet(string controlNumber) => Segment("SE", (_inSet + 1).ToString(CultureInfo.InvariantCulture), controlNumber);

    public void EndGroup(string controlNumber) => Segment("GE", _sets.ToString(CultureInfo.InvariantCulture), controlNumber);

    public void EndInterchange(string controlNumber) => Segment("IEA", "1", controlNumber.PadLeft(9, '0')[^9..]);

    public static string Amount(long cents) => X12Values.FormatCents(cents);

    public static string Date(DateTime at) => at.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly at) => at.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public byte[] ToBytes() => Encoding.ASCII.GetBytes(_text.ToString());

    private static string Pad(string text, int width) => text.Length >= width ? text[..width] : text.PadRight(width);
}

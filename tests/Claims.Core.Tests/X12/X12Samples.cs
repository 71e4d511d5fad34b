using System.Text;
using Claims.X12;

namespace Claims.Core.Tests.X12;

/// <summary>The X12 fixtures (fixtures/x12, copies of public samples) and small envelopes built in memory.</summary>
internal static class X12Samples
{
    public const string Isa = "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *261130*0300*^*00501*000000101*0*T*:~";

    public static string Path(params string[] parts) => Fixtures.Path(["x12", .. parts]);

    public static FileStream Open(params string[] parts) => File.OpenRead(Path(parts));

    public static List<X12Segment> Segments(Stream stream, X12ReaderOptions? options = null)
    {
        using var reader = new X12Reader(stream, options);
        return reader.ReadSegments().ToList();
    }

    public static List<X12Segment> Segments(string text, X12ReaderOptions? options = null) =>
        Segments(new MemoryStream(Encoding.UTF8.GetBytes(text)), options);

    /// <summary>The segments read before the reader refused the input, and its error (null when it read to the end).</summary>
    public static (List<X12Segment> Segments, X12FormatException? Error) ReadUntilRefused(Stream stream)
    {
        var segments = new List<X12Segment>();
        using var reader = new X12Reader(stream);
        try
        {
            foreach (var segment in reader.ReadSegments()) segments.Add(segment);
            return (segments, null);
        }
        catch (X12FormatException error)
        {
            return (segments, error);
        }
    }

    /// <summary>The one error reading <paramref name="text"/> to its end.</summary>
    public static X12FormatException Refusal(string text, X12ReaderOptions? options = null) =>
        Assert.Throws<X12FormatException>(() => Segments(text, options));

    public static X12FormatException Refusal(Stream stream, X12ReaderOptions? options = null) =>
        Assert.Throws<X12FormatException>(() => Segments(stream, options));

    /// <summary>
    /// edi-835-parser's BCBS NC companion-guide example (a bare ST..SE set) with its one defect mended: SE01 says
    /// 33 for the 32 segments it has. Every other byte is the sample's.
    /// </summary>
    public static string BlueCrossSampleWithSeCountFixed()
    {
        var text = File.ReadAllText(Path("edi-835-parser", "test_edi_835_files", "blue_cross_nc_sample.txt"));
        Assert.Contains("~SE*33*1234~", text, StringComparison.Ordinal);
        return text.Replace("~SE*33*1234~", "~SE*32*1234~", StringComparison.Ordinal);
    }

    /// <summary>
    /// One interchange, one group, one transaction set around <paramref name="body"/> (the segments between ST and
    /// SE, each with its terminator), with correct counts and control numbers.
    /// </summary>
    public static string Envelope(string st, string gs08, string body, string functionalId = "HP")
    {
        var count = body.Count(c => c == '~') + 2;
        return Isa
            + $"GS*{functionalId}*SENDER*RECEIVER*20261130*0300*101*X*{gs08}~"
            + $"ST*{st}*0001*{gs08}~" + body + $"SE*{count}*0001~"
            + "GE*1*101~IEA*1*000000101~";
    }

    /// <summary>A small balanced 835: two claims, one with two lines, one claim-level denial, and a PLB.</summary>
    public const string Body835 =
        "BPR*I*130*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130~"
        + "TRN*1*12345*1512345678~"
        + "DTM*405*20261129~"
        + "N1*PR*ACME HEALTH PLAN~N3*1 MAIN ST~N4*TOWN*NY*10001~REF*2U*PAYER01~"
        + "N1*PE*GOOD CLINIC*XX*1234567893~REF*TJ*123456789~"
        + "LX*1~"
        + "CLP*CLM0001*1*200*120*30*12*PAYER-1*11*1~"
        + "NM1*QC*1*DOE*JANE****MI*M123~"
        + "MOA***MA01~"
        + "DTM*232*20261101~DTM*233*20261101~"
        + "SVC*HC:99213:25*150*100**1~DTM*472*20261101~CAS*CO*45*20~CAS*PR*2*30~AMT*B6*130~LQ*HE*N130~REF*6R*L1~"
        + "SVC*HC:85025*50*20**2~DTM*472*20261101~CAS*CO*45*30~REF*6R*L2~"
        + "CLP*CLM0002*4*75.5*0**12*PAYER-2~"
        + "CAS*CO*50*75.5~"
        + "PLB*1234567893*20261231*L6*-10~";
}

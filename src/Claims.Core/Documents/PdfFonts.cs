using System.Reflection;
using PdfSharp.Fonts;

namespace Claims.Documents;

/// <summary>
/// The one font every PDF uses: DejaVu Sans, embedded in this assembly, so a statement, an appeal letter or a
/// monthly report renders the same on a server with no fonts installed. PDFsharp takes one resolver per
/// process and refuses a change after first use, hence the single guarded registration.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name to pass to <c>XFont</c>.</summary>
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();
    private static bool _registered;

    private PdfFonts()
    {
    }

    /// <summary>Installs the resolver once per process; safe to call before every document.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new PdfFonts();
            _registered = true;
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Italic is simulated: one family, two weights keep the assembly small.
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    /// <inheritdoc />
    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream($"Claims.Documents.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {faceName} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

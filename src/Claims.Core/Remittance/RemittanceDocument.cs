using Claims.X12;

namespace Claims.Remittance;

/// <summary>
/// One transaction set a payer or clearinghouse sends back: a 999 (<see cref="ImplementationAcknowledgment"/>),
/// a 277CA (<see cref="ClaimAcknowledgment"/>) or an 835 (<see cref="RemittanceAdvice"/>), with its envelope.
/// Plain records, no database: posting them is another use case's job.
/// </summary>
public abstract record RemittanceDocument(X12Interchange Interchange, X12FunctionalGroup Group, string ControlNumber);

/// <summary>A qualified reference (REF01/REF02, AMT01/AMT02 ...), as written.</summary>
public sealed record QualifiedValue(string Qualifier, string Value);

/// <summary>A qualified amount (AMT01/AMT02) in cents: AU coverage, B6 allowed, D8 discount, I interest ...</summary>
public sealed record QualifiedAmount(string Qualifier, long AmountCents);

/// <summary>An NM1 entity (patient, insured, provider ...). Names are PHI: kept as given, never logged.</summary>
public sealed record EntityName(
    string EntityCode,
    string EntityType,
    string? LastOrOrganization,
    string? First,
    string? Middle,
    string? Suffix,
    string? IdQualifier,
    string? Id)
{
    internal static EntityName From(X12Segment nm1) => new(
        nm1.Required(1, "entity identifier code"), nm1.Element(2), nm1.Optional(3), nm1.Optional(4),
        nm1.Optional(5), nm1.Optional(7), nm1.Optional(8), nm1.Optional(9));

    /// <summary>Never prints the name (PHI); the entity code is enough to tell which one it is.</summary>
    public override string ToString() => $"NM1*{EntityCode}";
}

/// <summary>Reads the 999, 277CA and 835 transaction sets of a file, whatever mix it holds.</summary>
public static class RemittanceFile
{
    /// <summary>
    /// Each transaction set in <paramref name="stream"/> as its record, one at a time (a 20 MB 835 is never held
    /// whole). Any other transaction set (837, 270 ...) is an error naming its ST segment.
    /// </summary>
    public static IEnumerable<RemittanceDocument> Read(Stream stream, X12ReaderOptions? options = null)
    {
        using var reader = new X12Reader(stream, options);
        foreach (var document in Read(reader)) yield return document;
    }

    /// <summary>As <see cref="Read(Stream, X12ReaderOptions?)"/> over a reader the caller owns (to see its warnings).</summary>
    public static IEnumerable<RemittanceDocument> Read(X12Reader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var transaction in reader.ReadTransactions())
        {
            yield return transaction.Code switch
            {
                "999" => ImplementationAcknowledgmentReader.Read(transaction),
                "277" => ClaimAcknowledgmentReader.Read(transaction),
                "835" => RemittanceAdviceReader.Read(transaction),
                var other => throw transaction.Header.Error($"expected a 999, 277 or 835 transaction set, found {other}"),
            };
        }
    }

    internal static void RequireGuide(X12Transaction transaction, string code, string guide, string name)
    {
        var header = transaction.Header;
        if (transaction.Code != code) throw header.Error($"expected a {code} transaction set ({name}), found {transaction.Code}");
        var actual = transaction.ImplementationGuide;
        // A bare ST..SE set has neither GS08 nor, often, ST03; its ST01 is all there is to go by.
        if (actual.Length > 0 && !actual.StartsWith(guide, StringComparison.Ordinal))
            throw header.Error($"expected implementation guide {guide} ({name}), found {actual}");
    }
}

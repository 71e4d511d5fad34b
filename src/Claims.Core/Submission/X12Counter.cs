namespace Claims.Submission;

/// <summary>
/// A control-number sequence (ISA13, GS06, ST02) owned by the database: a batch takes its numbers with one
/// <c>UPDATE ... RETURNING</c> inside its own transaction, so two batches never get the same number (the row lock
/// serialises them on PostgreSQL; SQLite has one writer) and a batch that fails gives its numbers back unused.
/// </summary>
public sealed class X12Counter
{
    private X12Counter() { } // EF Core

    internal X12Counter(string name, long value)
    {
        Name = name;
        Value = value;
    }

    public const string Interchange = "ISA13";
    public const string Group = "GS06";
    public const string TransactionSet = "ST02";

    public string Name { get; private set; } = "";

    /// <summary>The last number issued (0 before the first).</summary>
    public long Value { get; private set; }
}

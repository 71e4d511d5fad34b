
namespace Claims.Intake;

/// <summary>A bundle hashed, parsed, validated and mapped, not yet stored (see <see cref="BundleIntake.Prepare(byte[], DateOnly, IntakeLimits?)"/>).</summary>
public sealed class PreparedBundle
{
    internal PreparedBundle(string contentHash, MappedBundle? mapped, List<IntakeIssue> issues, IntakeFault? fault = null)
    {
        ContentHash = contentHash;
        Mapped = mapped;
        IssueList = issues;
        Fault = fault;
    }

    /// <summary>SHA-256 of the bundle's bytes (hex); empty for a bundle refused unread.</summary>
    public string ContentHash { get; }

    /// <summary>A bundle refused by its size alone, before anyone reads it into memory.</summary>
    public static PreparedBundle TooLarge(IntakeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new PreparedBundle("", null, [FhirBundleReader.TooLarge(limits)]);
    }

    /// <summary>An upload that could not be read (a file system or network error): it fails, on the record, without being parsed.</summary>
    public static PreparedBundle Unreadable(Exception exception) => new("", null, [], IntakeFault.Of(exception));

    /// <summary>The resources in the bundle; 0 when it could not be read.</summary>
    public int Resources => Mapped?.ResourceCount ?? 0;

    /// <summary>Every issue found while parsing and mapping.</summary>
    public IReadOnlyList<IntakeIssue> Issues => IssueList;

    /// <summary>Whether the bundle has an error (or could not be prepared) and will be refused whole.</summary>
    public bool HasErrors => Mapped is null;

    /// <summary>Set when preparing failed on our side (a bug in parsing or mapping): the upload fails, it is not the sender's error.</summary>
    public IntakeFault? Fault { get; }

    internal MappedBundle? Mapped { get; }

    internal List<IntakeIssue> IssueList { get; }
}

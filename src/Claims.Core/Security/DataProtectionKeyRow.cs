namespace Claims.Security;

/// <summary>
/// One ASP.NET Core data-protection key (its XML element) kept in the database, so that every web instance on one
/// PostgreSQL signs and reads the same cookies and antiforgery tokens. The XML holds key material: the table is as
/// sensitive as the key ring and is backed up with the database (compliance/operations.md).
/// </summary>
public sealed class DataProtectionKeyRow
{
    private DataProtectionKeyRow() { } // EF Core

    public DataProtectionKeyRow(string? friendlyName, string xml)
    {
        FriendlyName = friendlyName;
        Xml = xml;
    }

    public int Id { get; private set; }

    public string? FriendlyName { get; private set; }

    public string Xml { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}

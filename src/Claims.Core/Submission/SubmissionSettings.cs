using System.Globalization;

namespace Claims.Submission;

/// <summary>
/// Who we are to the clearinghouse and where its mailbox is: the BPO's submitter identity (1000A, ISA05/06), the
/// clearinghouse as receiver (1000B, ISA07/08), test or production (ISA15) and the mailbox. Read from the settings
/// section <c>Submission</c> (environment <c>Submission__Key</c>); every key has a demo default.
/// </summary>
public sealed record SubmissionSettings
{
    public string SubmitterName { get; init; } = "CLAIMS BPO DEMO";

    /// <summary>1000A NM109 and, unless set apart, ISA06: the id the clearinghouse gave us.</summary>
    public string SubmitterId { get; init; } = "CLAIMSBPO";

    public string ContactName { get; init; } = "BILLING DESK";

    public string? ContactPhone { get; init; } = "8005550100";

    public string? ContactEmail { get; init; }

    public string ReceiverName { get; init; } = "DEMO CLEARINGHOUSE";

    /// <summary>1000B NM109 and, unless set apart, ISA08.</summary>
    public string ReceiverId { get; init; } = "DEMOCH";

    public string SenderQualifier { get; init; } = "ZZ";

    public string? SenderInterchangeId { get; init; }

    public string ReceiverQualifier { get; init; } = "ZZ";

    public string? ReceiverInterchangeId { get; init; }

    /// <summary>ISA15: T test, P production.</summary>
    public char UsageIndicator { get; init; } = 'T';

    /// <summary>A folder (with inbound/ and outbound/) or <c>sftp://user@host[:port][/path]</c>.</summary>
    public string Mailbox { get; init; } = "";

    /// <summary>SFTP: the private key file (OpenSSH or PEM) for key authentication.</summary>
    public string? SftpKeyFile { get; init; }

    /// <summary>SFTP: the password, when no key file is given.</summary>
    public string? SftpPassword { get; init; }

    /// <summary>SFTP: the server's host key SHA-256 fingerprint (as <c>ssh-keygen -lf</c> prints it); a server with another key is refused.</summary>
    public string? SftpHostKeySha256 { get; init; }

    public InterchangeSettings Interchange => new(SenderQualifier, SenderInterchangeId ?? SubmitterId, ReceiverQualifier, ReceiverInterchangeId ?? ReceiverId, UsageIndicator);

    public X12Submitter Submitter => new(SubmitterName, SubmitterId, ContactName, ContactPhone, ContactEmail);

    public X12Receiver Receiver => new(ReceiverName, ReceiverId);

    /// <summary>The demo mailbox folder under CLAIMS_HOME.</summary>
    public static string DemoMailbox(string home) => Path.Combine(home, "clearinghouse");

    /// <summary>Reads the <c>Submission</c> section through <paramref name="get"/> (keys like <c>Submission:Mailbox</c>).</summary>
    public static SubmissionSettings From(Func<string, string?> get, string home)
    {
        ArgumentNullException.ThrowIfNull(get);
        var d = new SubmissionSettings();
        string Or(string key, string fallback) => get("Submission:" + key) is { Length: > 0 } v ? v : fallback;
        string? Opt(string key, string? fallback = null) => get("Submission:" + key) is { Length: > 0 } v ? v : fallback;
        return new SubmissionSettings
        {
            SubmitterName = Or(nameof(SubmitterName), d.SubmitterName),
            SubmitterId = Or(nameof(SubmitterId), d.SubmitterId),
            ContactName = Or(nameof(ContactName), d.ContactName),
            ContactPhone = Opt(nameof(ContactPhone), d.ContactPhone),
            ContactEmail = Opt(nameof(ContactEmail)),
            ReceiverName = Or(nameof(ReceiverName), d.ReceiverName),
            ReceiverId = Or(nameof(ReceiverId), d.ReceiverId),
            SenderQualifier = Or(nameof(SenderQualifier), d.SenderQualifier),
            SenderInterchangeId = Opt(nameof(SenderInterchangeId)),
            ReceiverQualifier = Or(nameof(ReceiverQualifier), d.ReceiverQualifier),
            ReceiverInterchangeId = Opt(nameof(ReceiverInterchangeId)),
            UsageIndicator = char.ToUpper(Or(nameof(UsageIndicator), "T")[0], CultureInfo.InvariantCulture),
            Mailbox = Or(nameof(Mailbox), DemoMailbox(home)),
            SftpKeyFile = Opt("Sftp:KeyFile"),
            SftpPassword = Opt("Sftp:Password"),
            SftpHostKeySha256 = Opt("Sftp:HostKeySha256"),
        };
    }
}

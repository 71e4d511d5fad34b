namespace Claims.Security;

/// <summary>The sign-in roles. The workflow's system roles (scrubber, payer) are not people and have no login.</summary>
public static class Roles
{
    public const string Coder = nameof(Coder);
    public const string Biller = nameof(Biller);
    public const string Auditor = nameof(Auditor);
    public const string Admin = nameof(Admin);
    public const string Clinic = nameof(Clinic);

    /// <summary>A team lead: sees the team's queues, productivity and QA results, and reviews claims for QA.</summary>
    public const string Lead = nameof(Lead);

    /// <summary>The BPO's manager: every client's SLAs, productivity and QA results; no claim work.</summary>
    public const string Manager = nameof(Manager);

    public static IReadOnlyList<string> All { get; } = [Coder, Biller, Auditor, Admin, Clinic, Lead, Manager];
}

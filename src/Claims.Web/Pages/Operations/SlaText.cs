using Claims.Operations.Sla;

namespace Claims.Web.Pages.Operations;

/// <summary>How SLA states read on the pages.</summary>
public static class SlaText
{
    public static string Status(SlaStatus status) => status switch
    {
        SlaStatus.AtRisk => "at risk",
        SlaStatus.Breached => "breached",
        _ => "on time",
    };

    public static string Kind(SlaKind kind) => kind switch
    {
        SlaKind.Coding => "Coding",
        SlaKind.Submission => "Submission",
        SlaKind.RejectionFix => "Rejection fix",
        _ => "Denial worked",
    };
}

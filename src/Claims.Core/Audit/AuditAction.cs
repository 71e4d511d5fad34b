namespace Claims.Audit;

/// <summary>What happened (HIPAA 164.312(b): record and examine activity on ePHI).</summary>
public enum AuditAction
{
    Create,
    Read,
    Update,
    Delete,
    Transition,
    Export,
    Login,
    LoginFailed,
    Logout,
    KeyRotation,
    GdprExport,
    GdprErase,
    Upload,
}

namespace Claims.Security;

/// <summary>An account and the one-time password an admin just set for it, shown once and never stored in clear.</summary>
public sealed record IssuedPassword(ClaimsUser User, string Password);

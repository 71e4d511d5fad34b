namespace Claims.Security;

/// <summary>A key just issued: its stored form, and the secret, which is shown once and never stored.</summary>
public sealed record IssuedApiKey(ClinicApiKey Key, string Secret);

namespace Claims.Security;

/// <summary>A clinic's API key as listed: the public prefix and dates, never the secret (only its hash is stored).</summary>
public sealed record ApiKeyRow(Guid Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

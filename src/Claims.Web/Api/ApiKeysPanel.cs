using Claims.Security;

namespace Claims.Web.Api;

/// <summary>What the <c>_ApiKeys</c> partial shows: the clinic's keys and, in the response that created it, the new key.</summary>
public sealed record ApiKeysPanel(IReadOnlyList<ApiKeyRow> Keys, string? NewKey);

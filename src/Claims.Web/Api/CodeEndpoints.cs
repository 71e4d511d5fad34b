using Claims.Coding;
using Claims.Security;

namespace Claims.Web.Api;

/// <summary>
/// <c>GET /api/codes?q=&amp;system=</c>: code search for the workbench's autocomplete (ICD-10-CM, CPT, HCPCS, or
/// <c>procedure</c> for CPT and HCPCS together). Public code-set content only, no patient data; for signed-in staff.
/// </summary>
internal static class CodeEndpoints
{
    public sealed record CodeOption(string Code, string Description, bool Billable, string System, double Score);

    public static WebApplication MapCodeApi(this WebApplication app)
    {
        app.MapGet("/api/codes", Search)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coder, Roles.Biller, Roles.Admin, Roles.Auditor))
            .WithTags("Codes")
            .Produces<IReadOnlyList<CodeOption>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static IResult Search(string? q, string? system, int? take, CodeSets codes)
    {
        if (string.IsNullOrWhiteSpace(q)) return Results.Ok(Array.Empty<CodeOption>());
        if (q.Length > 100) return Results.Problem("A search is at most 100 characters.", statusCode: StatusCodes.Status400BadRequest);
        var count = Math.Clamp(take ?? 12, 1, 50);
        IEnumerable<CodeOption> Find(CodeSystemKind kind, string name) =>
            codes.Search.Find(q, kind, count).Select(h => new CodeOption(h.Code, h.Description, h.Billable, name, h.Score));
        var options = (system ?? "icd10cm").ToLowerInvariant() switch
        {
            "icd10cm" => Find(CodeSystemKind.Icd10Cm, "icd10cm"),
            "cpt" => Find(CodeSystemKind.Cpt, "cpt"),
            "hcpcs" => Find(CodeSystemKind.Hcpcs, "hcpcs"),
            // An exact code first, then by score, whichever set each comes from.
            "procedure" => Find(CodeSystemKind.Cpt, "cpt").Concat(Find(CodeSystemKind.Hcpcs, "hcpcs"))
                .OrderByDescending(o => o.Code.Equals(q.Trim(), StringComparison.OrdinalIgnoreCase)).ThenByDescending(o => o.Score).Take(count),
            _ => null,
        };
        return options is null
            ? Results.Problem("system is icd10cm, cpt, hcpcs or procedure.", statusCode: StatusCodes.Status400BadRequest)
            : Results.Ok(options.ToList());
    }
}

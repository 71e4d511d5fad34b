using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.Remittance;

namespace Claims.Web.Api;

/// <summary>
/// <c>GET /fhir/ClaimResponse?request={claimId}</c> (also <c>request=Claim/{claimId}</c>): the clinic's searchset of
/// the claim's adjudications through <see cref="ClaimResponses"/>, which audits the search. Same API-key authentication
/// as the other FHIR endpoints; a malformed or missing <c>request</c> is an OperationOutcome (400).
/// </summary>
internal static class ClaimResponseEndpoint
{
    public static async Task SearchAsync(HttpContext http, ClaimsDbContext db, ClaimResponses responses, CancellationToken ct)
    {
        var clinicId = await FhirEndpoints.AuthenticateAsync(http, db, ct);
        if (clinicId is null) return;
        var request = http.Request.Query["request"];
        if (request.Count != 1 || ClaimIdOf(request[0]) is not { } claimId)
        {
            // A bad search parameter is the request's fault (400), not an unprocessable resource (422).
            IntakeIssue[] issues = [IntakeIssue.Error(IssueCodes.Invalid, "request", "Search ClaimResponse by one claim: ?request={claim id} (a GUID, or Claim/{GUID}).")];
            await FhirEndpoints.WriteAsync(http, StatusCodes.Status400BadRequest, OperationOutcomes.ToJson(issues));
            return;
        }
        var caller = new Caller(new Actor(FhirEndpoints.ActorFor(http, clinicId.Value), ClaimRole.Clinic), new AuditOrigin(http.Connection.RemoteIpAddress?.ToString(), http.TraceIdentifier));
        await FhirEndpoints.WriteAsync(http, StatusCodes.Status200OK, await responses.SearchAsync(clinicId.Value, claimId, caller, ct));
    }

    private static Guid? ClaimIdOf(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.StartsWith("Claim/", StringComparison.Ordinal)) text = text["Claim/".Length..];
        return Guid.TryParse(text, out var id) ? id : null;
    }
}

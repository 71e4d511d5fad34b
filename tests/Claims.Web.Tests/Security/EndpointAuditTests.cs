using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Security;

/// <summary>
/// Every HTTP endpoint is classified as touching PHI or not; the PHI ones are exercised by tests that assert
/// their audit entries (FhirApiTests). A new endpoint fails here until someone decides which kind it is.
/// </summary>
public sealed class EndpointAuditTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    // Route pattern -> the test that proves its audit entry.
    private static readonly Dictionary<string, string> TouchesPhi = new()
    {
        ["POST fhir/"] = "FhirApiTests.A_valid_bundle_gives_200_with_claim_locations_and_the_same_again_is_a_duplicate (creates, upload)",
        ["* Queue"] = "WorkbenchTests.The_queue_lists_workable_claims_oldest_first_and_the_view_is_audited",
        ["* Queue/Index"] = "WorkbenchTests.The_queue_lists_workable_claims_oldest_first_and_the_view_is_audited",
        ["* Claims/{id:guid}"] = "WorkbenchTests.A_coder_opens_a_claim_and_starts_coding_it",
        ["* Audit"] = "SignInBrowserTests.An_auditor_verifies_the_chain_and_downloads_an_export_that_verifies_offline (search audited, export audited)",
        ["* Audit/Index"] = "SignInBrowserTests.An_auditor_verifies_the_chain_and_downloads_an_export_that_verifies_offline",
        ["* Clinic/Upload"] = "SignInBrowserTests.A_clinic_uploads_a_synthea_bundle_and_sees_its_claims (upload, creates)",
        ["* Claims/{id:guid}/Query"] = "ClinicQuestionWebTests.A_coder_asks_the_clinic_answers_and_the_coder_reads_the_answer_with_every_step_audited_and_no_plaintext_stored (create, transition, read)",
        ["* Clinic/Claims"] = "ClinicQuestionWebTests.The_clinic_claim_list_shows_only_its_own_claims_filters_by_state_marks_open_queries_and_is_audited",
        ["* Clinic/Queries"] = "ClinicQuestionWebTests.A_coder_asks_the_clinic_answers_and_the_coder_reads_the_answer_with_every_step_audited_and_no_plaintext_stored (read, update, transition)",
        ["* Billing/Ready"] = "BillingPageTests.A_biller_creates_a_batch_from_the_ready_page_and_sees_it_in_the_history (create, transitions, export)",
        ["* Billing/Batches"] = "BillingPageTests.A_biller_creates_a_batch_from_the_ready_page_and_sees_it_in_the_history (download: export)",
        ["* Operations/Kpis"] = "OperationsPageTests.A_drill_down_lists_exactly_the_claims_counted_and_is_an_audited_read_with_ids_only_in_the_URL (KPI read: operations)",
        ["* Operations/KpiClaims"] = "OperationsPageTests.A_drill_down_lists_exactly_the_claims_counted_and_is_an_audited_read_with_ids_only_in_the_URL (claim list read)",
        ["* Operations/Reports"] = "OperationsPageTests.The_monthly_report_and_the_invoice_download_as_audited_exports_and_the_invoice_page_shows_the_use_case_total (export)",
        ["* Operations/Invoices"] = "OperationsPageTests.The_monthly_report_and_the_invoice_download_as_audited_exports_and_the_invoice_page_shows_the_use_case_total (read, export)",
        ["GET fhir/Claim/{id:guid}"] = "FhirApiTests.A_valid_bundle_gives_200_with_claim_locations_and_the_same_again_is_a_duplicate (read)",
    };

    // Pages and endpoints that show no patient data: counts, sign-in, health, the API description, static files;
    // the account, user, clinic and API key pages (staff accounts, clinic names and NPIs, key prefixes: no patient
    // in them; their changes are audited, see TwoFactorTests and AdminTests).
    private static readonly HashSet<string> NoPhi =
    [
        "* healthz", "GET openapi/{documentName}.json", "GET|HEAD {**path:file}", "* Index", "*", "* Account/Login", "* Account/Logout", "* Account/AccessDenied", "* Error",
        "GET api/codes",
        "* Account/TwoFactor", "* Account/Authenticator", "* Account/Password", "* Admin/Users", "* Admin/Clinics", "* Admin/Keys/{clinicId:guid}", "* Clinic/Keys",
    ];

    [Fact]
    public void Every_endpoint_is_classified_as_touching_phi_or_not()
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        var names = sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(Name)
            .Distinct()
            .ToList();

        var unclassified = names.Where(n => !TouchesPhi.ContainsKey(n) && !NoPhi.Contains(n)).ToList();

        Assert.True(unclassified.Count == 0, "Classify these endpoints in EndpointAuditTests (and audit them if they touch PHI): " + string.Join(", ", unclassified));
        Assert.All(TouchesPhi.Keys, k => Assert.Contains(k, names));
    }

    private static string Name(RouteEndpoint e)
    {
        var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        var verb = methods is { Count: > 0 } ? string.Join('|', methods) : "*";
        return $"{verb} {e.RoutePattern.RawText?.TrimStart('/')}".TrimEnd();
    }
}

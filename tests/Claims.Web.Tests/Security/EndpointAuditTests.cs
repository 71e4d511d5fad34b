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
        ["* Billing/PastFilingLimit"] = "FrontBillingTests (filing list read, write-off, release: audited in FilingDecisions)",
        ["* Billing/Ready"] = "BillingPageTests.A_biller_creates_a_batch_from_the_ready_page_and_sees_it_in_the_history (create, transitions, export)",
        ["* Billing/Statements"] = "StatementsPageTests.A_biller_sees_balances_by_pseudonym_downloads_an_audited_statement_and_records_payments (balances read, names read, statement export, payment)",
        ["* Billing/Batches"] = "BillingPageTests.A_biller_creates_a_batch_from_the_ready_page_and_sees_it_in_the_history (download: export)",
        ["* Billing/Remittance"] = "RemittancePageTests.A_biller_uploads_the_simulators_answers_sees_each_claim_posted_then_duplicates_skipped_and_reads_the_EOB_with_CARC_words (upload sealed and audited, posting, results read)",
        ["* Billing/Exceptions"] = "RemittancePageTests.An_835_for_a_claim_we_do_not_have_lands_on_the_exceptions_list_and_a_biller_marks_it_handled_with_a_note (read, update with a sealed note)",
        ["* Billing/Eob/{id:guid}"] = "RemittancePageTests.A_biller_uploads_the_simulators_answers_sees_each_claim_posted_then_duplicates_skipped_and_reads_the_EOB_with_CARC_words (read)",
        ["GET fhir/ClaimResponse"] = "ClaimResponseApiTests.A_clinic_reads_its_claims_adjudication_as_a_searchset_of_ClaimResponses_and_another_clinic_finds_nothing (read, empty searchset read)",
        ["* Operations/QaReview"] = "OperationsPageTests.A_lead_reviews_blind_and_the_coder_reads_the_result_on_their_qa_page (blind claim read, review with sealed feedback)",
        ["* Operations/MyQa"] = "OperationsPageTests.A_lead_reviews_blind_and_the_coder_reads_the_result_on_their_qa_page (feedback read)",
        ["* Operations/Sla"] = "OperationsPageTests.Each_operations_page_shows_its_content_to_its_users (SLA board read, pseudonyms)",
        ["* Denials"] = "DenialPageTests.A_biller_opens_the_worklist_and_a_denial_and_both_reads_are_audited",
        ["* Denials/Index"] = "DenialPageTests.A_biller_opens_the_worklist_and_a_denial_and_both_reads_are_audited",
        ["* Denials/Claim/{id:guid}"] = "DenialPageTests.A_biller_opens_the_worklist_and_a_denial_and_both_reads_are_audited (read; acts: Claims.IntegrationTests DenialWorkTests)",
        ["* Denials/Appeals"] = "DenialPageTests.A_biller_opens_the_worklist_and_a_denial_and_both_reads_are_audited (appeal list read)",
        ["* Operations/Kpis"] = "KpiPageTests.A_drill_down_lists_exactly_the_claims_counted_and_is_an_audited_read_with_ids_only_in_the_URL (KPI read: operations)",
        ["* Operations/KpiClaims"] = "KpiPageTests.A_drill_down_lists_exactly_the_claims_counted_and_is_an_audited_read_with_ids_only_in_the_URL (claim list read)",
        ["* Operations/Reports"] = "KpiPageTests.The_monthly_report_and_the_invoice_download_as_audited_exports_and_the_invoice_page_shows_the_use_case_total (export)",
        ["* Operations/Invoices"] = "KpiPageTests.The_monthly_report_and_the_invoice_download_as_audited_exports_and_the_invoice_page_shows_the_use_case_total (read, export)",
        ["GET fhir/Claim/{id:guid}"] = "FhirApiTests.A_valid_bundle_gives_200_with_claim_locations_and_the_same_again_is_a_duplicate (read)",
    };

    // Pages and endpoints that show no patient data: counts, sign-in, health, the API description, static files;
    // the account, user, clinic and API key pages (staff accounts, clinic names and NPIs, key prefixes: no patient
    // in them; their changes are audited, see TwoFactorTests and AdminTests).
    private static readonly HashSet<string> NoPhi =
    [
        "* healthz", "GET openapi/{documentName}.json", "GET|HEAD {**path:file}", "* Index", "*", "* Account/Login", "* Account/Logout", "* Account/AccessDenied", "* Error",
        "GET api/codes",
        "* Account/TwoFactor", "* Account/Authenticator", "* Account/Password", "* Admin/Users", "* Admin/Clinics", "* Admin/Keys/{clinicId:guid}", "* Admin/Fees/{clinicId:guid}", "* Clinic/Keys",
        "* Denials/Rules", "* Denials/WriteOffs", "* Denials/Analytics", // the rules table; pending write-offs by control number and amount; counts and sums (audited all the same)
        "* Admin/Jobs", // job runs: names, times, instance names, counts and exception types
        "* Operations/Contracts", "* Operations/ContractEdit", "* Operations/Teams", "* Operations/Productivity", "* Operations/Qa", // contracts, staff assignments, per-coder figures, QA samples by control number
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

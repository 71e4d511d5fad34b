using Claims.Audit;
using Claims.Coding;
using Claims.Domain;
using Claims.Remittance;
using Claims.Privacy;
using Claims.Operations.Invoices;
using Claims.Operations.Kpis;
using Claims.Operations.Reports;
using Claims.Security;
using Claims.Statements;
using Claims.Submission;

namespace Claims.Web.UseCases;

/// <summary>The Core use cases, one instance per request over the request's database context.</summary>
internal static class UseCaseServices
{
    public static IServiceCollection AddUseCases(this IServiceCollection services)
    {
        services.AddScoped<Workbench>();
        services.AddScoped<ClaimTransitions>();
        services.AddScoped<ClinicQuestions>();
        services.AddScoped<ClinicClaims>();
        services.AddScoped<ClinicDirectory>();
        services.AddScoped<ClinicKeys>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<Submissions>();
        services.AddScoped<AuditSearches>();
        services.AddScoped<RemittanceFiles>();
        services.AddScoped<RemittanceExceptions>();
        services.AddScoped<ClaimExplanations>();
        services.AddScoped<ClaimResponses>();
        services.AddScoped<PatientBilling>();
        services.AddScoped<PatientPayments>();
        services.AddScoped<PatientStatements>();
        services.AddScoped<Charges.FeeSchedules>();
        services.AddScoped<Filing.FilingDecisions>();
        services.AddScoped<Denials.DenialWorklist>();
        services.AddScoped<Denials.DenialAssignments>();
        services.AddScoped<Denials.DenialActions>();
        services.AddScoped<Denials.DenialRules>();
        services.AddScoped<Denials.Appeals>();
        services.AddScoped<Denials.DenialAnalytics>();
        services.AddSingleton(sp => Denials.DenialSettings.From(key => sp.GetRequiredService<IConfiguration>()[key]));
        services.AddScoped<Operations.Contracts.ClientContracts>();
        services.AddScoped<Operations.Teams.TeamAssignments>();
        services.AddScoped<Operations.Sla.SlaBoard>();
        services.AddScoped<Operations.Productivity.CoderProductivity>();
        services.AddScoped<Operations.Qa.QaSampling>();
        services.AddScoped<Operations.Qa.QaReviews>();
        // Operations: the QA source is a placeholder until QA reviews are connected (Operations/Qa).
        services.AddScoped<ICodingAccuracySource, Claims.Operations.Qa.QaCodingAccuracySource>();
        services.AddScoped<OperationsKpis>();
        services.AddScoped<ISlaAttainmentSource, SlaClockAttainmentSource>();
        services.AddScoped<MonthlyReports>();
        services.AddScoped<MonthlyReportArchive>();
        services.AddScoped<Operations.Sla.SlaSnapshots>();
        // Fee terms: 6% of collections for every clinic until ClientContract's fee model is connected.
        services.AddScoped<IInvoiceTermsSource, ContractInvoiceTermsSource>();
        services.AddScoped<ClientInvoices>();
        return services;
    }
}

using Claims.Coding;
using Claims.Domain;
using Claims.Operations.Invoices;
using Claims.Operations.Kpis;
using Claims.Operations.Reports;
using Claims.Security;
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
        services.AddScoped<ClinicDirectory>();
        services.AddScoped<ClinicKeys>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<Submissions>();
        // Operations: the QA source is a placeholder until QA reviews are connected (Operations/Qa).
        services.AddScoped<ICodingAccuracySource, NoCodingAccuracySource>();
        services.AddScoped<OperationsKpis>();
        services.AddScoped<ISlaAttainmentSource, NoSlaAttainmentSource>();
        services.AddScoped<MonthlyReports>();
        // Fee terms: 6% of collections for every clinic until ClientContract's fee model is connected.
        services.AddScoped<IInvoiceTermsSource>(_ => new DefaultInvoiceTermsSource());
        services.AddScoped<ClientInvoices>();
        return services;
    }
}

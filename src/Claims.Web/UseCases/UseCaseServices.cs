using Claims.Coding;
using Claims.Domain;
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
        services.AddScoped<Operations.Contracts.ClientContracts>();
        services.AddScoped<Operations.Teams.TeamAssignments>();
        services.AddScoped<Operations.Sla.SlaBoard>();
        services.AddScoped<Operations.Productivity.CoderProductivity>();
        services.AddScoped<Operations.Qa.QaSampling>();
        services.AddScoped<Operations.Qa.QaReviews>();
        return services;
    }
}

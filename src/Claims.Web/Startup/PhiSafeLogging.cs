using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Claims.Web.Startup;

/// <summary>
/// The log filter: every provider (console, a test's capture, whatever an operator adds) is wrapped so that an entry
/// carrying an exception is written as its category, event and the exception's type and throwing method only. An
/// exception's message and stack can quote what it was given (a bundle's value, a database key in a constraint
/// error, a framework's "Value 'Atencio' is not a correct code"), and a framework's own template may embed the whole
/// exception text (EF Core's SaveChangesFailed does), so neither reaches a log. Entries without an exception pass as
/// they are: our templates carry ids only (STYLE.md 11), and EF Core's sensitive-data logging stays off.
/// </summary>
internal static class PhiSafeLogging
{
    /// <summary>Replaces the logger factory with one whose providers are all wrapped, including ones registered later.</summary>
    public static IServiceCollection AddPhiSafeLogging(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new LoggerFactory(
            sp.GetServices<ILoggerProvider>().Select(p => new Provider(p)),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
        return services;
    }

    /// <summary>What an exception may say in a log: its type and where it was thrown, nothing it was told.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception.InnerException is { } cause ? $", caused by {cause.GetType().Name} in {Where(cause)}" : "";
        return $"{exception.GetType().Name} in {Where(exception)}{inner}";
    }

    private static string Where(Exception exception) =>
        exception.TargetSite is { } method ? $"{method.DeclaringType?.Name}.{method.Name}" : "unknown";

    private sealed class Provider(ILoggerProvider inner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, inner.CreateLogger(categoryName));

        public void Dispose() => inner.Dispose();
    }

    private sealed class Logger(string category, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null)
            {
                inner.Log(logLevel, eventId, state, null, formatter);
                return;
            }

            var safe = $"{category} {eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Describe(exception)} (message withheld: it may quote data)";
            inner.Log(logLevel, eventId, safe, null, static (text, _) => text);
        }
    }
}

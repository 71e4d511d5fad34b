using Claims.Audit;
using Claims.Coding;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Web.Api;
using Claims.Security;
using Claims.Web.SignIn;
using Claims.Web.Submission;
using Claims.Web.UseCases;
using Claims.Web.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;

namespace Claims.Web.Startup;

/// <summary>Service registration for the web host: database, Identity, Razor Pages, problem details, health.</summary>
internal static class ServiceSetup
{
    public static WebApplicationBuilder AddClaims(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var settings = ClaimsDatabaseSettings.Resolve(config["Claims:Home"], config["Database:ConnectionString"], config["Database:Provider"]);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        PrivateFiles.Folder(settings.Home);
        var keyRing = FileKeyRing.Open(settings.Home);
        if (keyRing.IsUnsealed && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException("Production needs a sealed key ring: set CLAIMS_MASTER_KEY or CLAIMS_KEY_FILE (see compliance/key-management.md).");
        }
        builder.Services.AddSingleton<IKeyRing>(keyRing);
        builder.Services.AddSingleton(keyRing);
        // The code sets (ICD-10-CM, CPT labels, HCPCS, NCCI, MUE) load once; search indexes build on first use.
        builder.Services.AddSingleton(_ => CodeSets.Load(CodeSetStore.ForHome(settings.Home).Folder));
        builder.Services.AddSingleton(sp => new Scrubber(sp.GetRequiredService<CodeSets>()));
        builder.Services.AddUseCases();
        builder.AddClearinghouse(settings.Home);
        // Each signed audit checkpoint is also appended, after its commit, to a witness outside the database.
        var witness = AuditWitnessOptions.Resolve(settings.Home, config["Audit:WitnessPath"], config.GetValue<bool?>("Audit:WitnessSyslog"));
        builder.Services.AddSingleton(witness);
        builder.Services.AddDbContext<ClaimsDbContext>((sp, options) => ClaimsDatabase.Configure(options, settings, sp.GetRequiredService<TimeProvider>(), witness));

        builder.Services
            .AddIdentity<ClaimsUser, IdentityRole>(options =>
            {
                // NIST SP 800-63B favours length over composition rules; 12 characters with mixed classes is our floor.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<ClaimsDbContext>()
            .AddSignInManager<ClaimsSignInManager>()
            .AddClaimsPrincipalFactory<ClaimsUserPrincipalFactory>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider (same name): a code is accepted once (RFC 6238 section 5.2).
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        // Sign-out, a lock, a role change, a password or second-factor reset change the security stamp; it is checked on
        // every request, so every session of that person ends at once, cookies copied earlier included. The price is a
        // user lookup per request (by primary key) and a re-issued cookie on each response.
        builder.Services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            options.OnRefreshingPrincipal = Authenticator.KeepSecondFactor;
        });

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            // HIPAA 164.312(a)(2)(iii) automatic logoff: the session ends after 15 idle minutes.
            options.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            options.SlidingExpiration = true;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Name = "claims.auth";
            // Secure whenever the request was HTTPS, also behind a TLS-terminating proxy (see UseForwardedHeaders).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            LocalRedirects.Apply(options.Events);
            // Our CSS and scripts hold no PHI and need no session: no stamp check (a user lookup) and no re-issued
            // cookie (which would make them no-store) for each of them.
            var validateStamp = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = context =>
                context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<SecurityHeaders.CacheableAsset>() is null ? validateStamp(context) : Task.CompletedTask;
        });

        builder.Services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            // The second step runs on Identity's two-factor cookie, before the person is signed in.
            options.Conventions.AllowAnonymousToPage("/Account/TwoFactor");
            options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            options.Conventions.AllowAnonymousToPage("/Error");
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "claims.csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddPhiSafeLogging();
        builder.AddBackgroundJobs();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<JobHealthCheck>("jobs");
        builder.Services.AddOpenApi();
        builder.Services.AddFhirApi(config);
        var protection = builder.Services.AddDataProtection().SetApplicationName("Claims");
        // Several instances on one PostgreSQL must share the key ring that signs cookies and antiforgery tokens, so it
        // lives in the database there; one SQLite host keeps it in its home folder. DataProtection:Store overrides.
        var store = config["DataProtection:Store"] ?? (settings.Provider == DatabaseProvider.Postgres ? "database" : "files");
        if (store.Equals("database", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
                new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(PrivateFiles.Folder(Path.Combine(settings.Home, "dataprotection"))));
        }
        builder.Services.AddForwardedProxies(config);
        return builder;
    }
}

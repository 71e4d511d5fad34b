using Claims.Coding;
using Claims.Persistence;
using Claims.Scrubbing;
using Claims.Web.Api;
using Claims.Security;
using Claims.Web.SignIn;
using Claims.Web.Submission;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.DataProtection;
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
        builder.Services.AddDbContext<ClaimsDbContext>((sp, options) => ClaimsDatabase.Configure(options, settings, sp.GetRequiredService<TimeProvider>()));

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
            .AddDefaultTokenProviders();
        // A lock, a role change or a reset second factor changes the security stamp; sessions notice within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
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
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Name = "claims.auth";
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
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddOpenApi();
        builder.Services.AddFhirApi(config);
        builder.Services.AddDataProtection()
            .SetApplicationName("Claims")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.Home, "dataprotection")));
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }
}

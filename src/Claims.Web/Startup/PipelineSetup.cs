using Claims.Audit;
using Claims.Demo;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.Api;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Startup;

/// <summary>The request pipeline, and the first-start work: migrate, create roles, seed demo data and users.</summary>
internal static class PipelineSetup
{
    public static WebApplication UseClaims(this WebApplication app)
    {
        // First, so everything after sees the client's scheme and address as the trusted proxy reports them.
        app.UseForwardedHeaders();
        // Before the error handlers: their 404 and 500 answers carry the same headers.
        app.UseSecurityHeaders(hsts: !app.Environment.IsDevelopment());
        app.UseExceptionHandler();
        app.UseFriendlyStatusPages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<SessionGateMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapStaticAssets().AllowAnonymous().WithMetadata(new SecurityHeaders.CacheableAsset());
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapFhirApi();
        app.MapCodeApi();
        return app;
    }

    // An arbitrary, fixed advisory-lock key: "first" in ASCII (the audit writer's is "audit").
    private const long FirstStartLockKey = 0x6669727374;

    /// <summary>
    /// Applies migrations, creates the sign-in roles and, when the database holds no claims and demo data is on,
    /// seeds synthetic data and one demo user per role. Demo passwords are random per installation and are
    /// printed once, in Development only.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ClaimsDbContext>();
        var settings = services.GetRequiredService<ClaimsDatabaseSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Claims.Startup");
        await ClaimsDatabase.MigrateAsync(db);
        logger.LogInformation("Database ready: {Provider}, home {Home}", settings.Provider, settings.Home);
        // Several instances may start at once on a new PostgreSQL database (two replicas of a new deployment): without
        // a lock both create the roles (the second dies on the unique name) or both seed the demo. One at a time does
        // the first-start work, under a session advisory lock held on this context's connection; the others wait and
        // then find it done.
        var serialised = db.Database.IsNpgsql();
        if (serialised)
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({FirstStartLockKey})");
        }
        try
        {
            await FirstStartAsync(app, services, db, settings, logger);
        }
        finally
        {
            if (serialised)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({FirstStartLockKey})");
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task FirstStartAsync(WebApplication app, IServiceProvider services, ClaimsDbContext db, ClaimsDatabaseSettings settings, ILogger logger)
    {
        var keyRing = services.GetRequiredService<FileKeyRing>();
        if (keyRing.IsUnsealed)
        {
            logger.LogWarning("Development key ring at {KeyRing} is not sealed by a master key: fine for a laptop, never for real PHI. Set CLAIMS_MASTER_KEY or CLAIMS_KEY_FILE.", keyRing.FilePath);
        }

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        // The data-protection key as well: the first instance makes it, the others load it rather than each making its
        // own at once (until the key rings reload, a cookie under a key another instance has not loaded is refused there).
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Claims.FirstStart").Protect([1]);

        var config = app.Configuration;
        if (!config.GetValue("Demo:Enabled", true)) return;

        if (!await db.Claims.AnyAsync())
        {
            await SeedActivityAsync(services, settings, logger, config);
            var patients = config.GetValue("Demo:Patients", 200);
            var result = await DemoSeeder.SeedAsync(db, patients, config.GetValue("Demo:Seed", DemoSeeder.DefaultSeed), services.GetRequiredService<TimeProvider>());
            logger.LogInformation("Seeded demo data: {Patients} patients, {Claims} claims", result.Patients, result.Claims);
            var selfPay = await PatientBillingDemo.SeedAsync(db, services.GetRequiredService<TimeProvider>(), config.GetValue("Demo:Seed", DemoSeeder.DefaultSeed));
            logger.LogInformation("Seeded {SelfPay} self-pay claims billed to patients", selfPay);
            if (config.GetValue("Demo:Denials", true))
            {
                // The ready claims go through the payer simulator so the denial worklist has real codes to route.
                var round = await DenialsDemo.RunAsync(db, services.GetRequiredService<TimeProvider>());
                logger.LogInformation("Demo clearinghouse round: {Submitted} sent, {Remitted} remitted", round.Submitted, round.Remitted);
            }
            await DemoOperations.SeedAsync(db, services.GetRequiredService<TimeProvider>(), DemoOperations.DemoUserDomain);
        }

        var created = await DemoUsers.EnsureAsync(services, config["Demo:Password"], config["Demo:AuthenticatorKey"]);
        if (created.Count > 0 && app.Environment.IsDevelopment())
        {
            // Written to the console once, never to the log sinks, and only in Development.
            Console.WriteLine();
            Console.WriteLine("Demo users (shown once; Development only):");
            foreach (var user in created)
            {
                Console.WriteLine($"  {user.Role,-8} {user.Email,-32} {user.Password}");
                if (user.AuthenticatorKey is not { } key) continue;
                Console.WriteLine($"           authenticator key {Authenticator.Grouped(key)}   (codes: oathtool --totp -b {key})");
                Console.WriteLine($"           {Authenticator.Uri(user.Email, key)}");
            }
            Console.WriteLine();
        }
    }

    /// <summary>
    /// Months of operations activity (submission, payer answers, posting) so the KPI dashboard means something on first
    /// start; <c>Demo:ActivityMonths</c> = 0 turns it off. Its context runs on the seeder's own clock (past dates).
    /// </summary>
    private static async Task SeedActivityAsync(IServiceProvider services, ClaimsDatabaseSettings settings, ILogger logger, IConfiguration config)
    {
        var months = config.GetValue("Demo:ActivityMonths", 6);
        if (months <= 0) return;
        var keyRing = services.GetRequiredService<FileKeyRing>();
        var witness = services.GetRequiredService<AuditWitnessOptions>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await DemoActivitySeeder.SeedAsync(
            clock => new ClaimsDbContext((DbContextOptions<ClaimsDbContext>)ClaimsDatabase.Configure(new DbContextOptionsBuilder<ClaimsDbContext>(), settings, clock, witness).Options, keyRing, clock),
            services.GetRequiredService<TimeProvider>(), months, config.GetValue("Demo:ActivityClaimsPerWeek", 12));
        logger.LogInformation("Seeded demo activity: {Months} months, {Claims} claims, {Batches} batches, {Remittances} 835s posted in {Elapsed} ms",
            result.Months, result.Claims, result.Batches, result.Remittances, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

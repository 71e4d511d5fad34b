using Claims.Claims;
using Claims.Intake;
using Claims.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Claims.Persistence;

/// <summary>
/// The one database context: claims, their parties and history, and the Identity store. Pages, API handlers
/// and CLI commands use it directly (compliance/adr/0001). Concurrency conflicts leave it as
/// <see cref="ConcurrencyConflictException"/>, the domain's own error.
/// </summary>
public sealed class ClaimsDbContext(DbContextOptions<ClaimsDbContext> options) : IdentityDbContext<ClaimsUser>(options)
{
    public DbSet<Claim> Claims => Set<Claim>();

    public DbSet<ClaimEvent> ClaimEvents => Set<ClaimEvent>();

    public DbSet<Clinic> Clinics => Set<Clinic>();

    public DbSet<Payer> Payers => Set<Payer>();

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Coverage> Coverages => Set<Coverage>();

    public DbSet<IngestedBundle> IngestedBundles => Set<IngestedBundle>();

    public DbSet<IntakeSourceKey> IntakeSourceKeys => Set<IntakeSourceKey>();

    public DbSet<ClaimClinicalItem> ClaimClinicalItems => Set<ClaimClinicalItem>();

    public DbSet<ClinicApiKey> ClinicApiKeys => Set<ClinicApiKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ClaimsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native date-time-offset type and cannot order or compare the text form in SQL;
        // every instant we store is UTC, so a sortable 64-bit encoding loses nothing.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(ex);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(ex);
        }
    }

    private static ConcurrencyConflictException Conflict(DbUpdateConcurrencyException ex)
    {
        var what = ex.Entries.Select(e => e.Entity switch
        {
            Claim c => $"claim {c.Id}",
            _ => e.Metadata.ClrType.Name,
        }).FirstOrDefault() ?? "a record";
        return new ConcurrencyConflictException($"Conflict: {what} was changed by someone else since it was read; nothing was saved. Reload it and try again.", ex);
    }
}

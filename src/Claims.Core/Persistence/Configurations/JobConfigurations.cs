using Claims.Jobs;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Job).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Instance).HasMaxLength(200);
        builder.Property(r => r.Outcome).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        // One run per job and slot, whichever instance schedules it first (BackgroundJobs.ScheduleAsync).
        builder.HasIndex(r => new { r.Job, r.DueAt }).IsUnique();
        // Instances look for due runs on every tick.
        builder.HasIndex(r => new { r.Status, r.NotBefore });
    }
}

internal sealed class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
        builder.Property(k => k.Xml).IsRequired();
    }
}

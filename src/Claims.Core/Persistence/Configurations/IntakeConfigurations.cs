using Claims.Domain;
using Claims.Intake;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class IngestedBundleConfiguration : IEntityTypeConfiguration<IngestedBundle>
{
    public void Configure(EntityTypeBuilder<IngestedBundle> builder)
    {
        builder.ToTable("ingested_bundles");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.ContentHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(b => b.IdentifierHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(b => new { b.ClinicId, b.ContentHash }).IsUnique();
        builder.HasIndex(b => new { b.ClinicId, b.IdentifierHash });
        builder.HasOne<Clinic>().WithMany().HasForeignKey(b => b.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IntakeSourceKeyConfiguration : IEntityTypeConfiguration<IntakeSourceKey>
{
    public void Configure(EntityTypeBuilder<IntakeSourceKey> builder)
    {
        builder.ToTable("intake_source_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.KeyHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(k => k.Fingerprint).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(k => new { k.ClinicId, k.Kind, k.KeyHash }).IsUnique();
        builder.HasIndex(k => k.TargetId);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(k => k.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IngestedBundle>().WithMany().HasForeignKey(k => k.BundleId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClaimClinicalItemConfiguration : IEntityTypeConfiguration<ClaimClinicalItem>
{
    public void Configure(EntityTypeBuilder<ClaimClinicalItem> builder)
    {
        builder.ToTable("claim_clinical_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.System).HasMaxLength(200);
        builder.Property(i => i.Code).HasMaxLength(64).IsRequired();
        builder.Property(i => i.Display).HasMaxLength(500);
        builder.Property(i => i.Charge).HasConversion(Conversions.Money);
        builder.HasIndex(i => new { i.ClaimId, i.Sequence });
        builder.HasOne<Claim>().WithMany().HasForeignKey(i => i.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClinicApiKeyConfiguration : IEntityTypeConfiguration<ClinicApiKey>
{
    public void Configure(EntityTypeBuilder<ClinicApiKey> builder)
    {
        builder.ToTable("clinic_api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.KeyHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Prefix).HasMaxLength(ClinicApiKeys.PrefixLength).IsRequired();
        builder.HasIndex(k => k.ClinicId);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(k => k.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

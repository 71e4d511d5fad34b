using Claims.Domain;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> builder)
    {
        builder.ToTable("clinics");
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Npi).HasConversion(Conversions.Npi).HasMaxLength(10).IsRequired();
        builder.Property(c => c.TaxId).HasMaxLength(9).IsRequired();
        builder.Ignore(c => c.BillingAddress);
        builder.Property(c => c.AddressLine).HasMaxLength(55);
        builder.Property(c => c.City).HasMaxLength(30);
        builder.Property(c => c.State).HasMaxLength(2);
        builder.Property(c => c.PostalCode).HasMaxLength(9);
    }
}

internal sealed class PayerConfiguration : IEntityTypeConfiguration<Payer>
{
    public void Configure(EntityTypeBuilder<Payer> builder)
    {
        builder.ToTable("payers");
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.PayerId).HasMaxLength(80).IsRequired();
        builder.HasIndex(p => p.PayerId).IsUnique();
        builder.Property(p => p.ClaimFilingIndicator).HasMaxLength(2).IsRequired();
    }
}

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.ToTable("providers");
        builder.Property(p => p.Npi).HasConversion(Conversions.Npi).HasMaxLength(10).IsRequired();
        builder.HasIndex(p => new { p.ClinicId, p.Npi }).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Taxonomy).HasMaxLength(10);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.Property(p => p.Pseudonym).HasMaxLength(20).IsRequired();
        builder.HasIndex(p => p.Pseudonym).IsUnique();
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.NameBirthIndex).HasMaxLength(32).IsFixedLength();
        builder.Property(p => p.MrnIndex).HasMaxLength(32).IsFixedLength();
        builder.HasIndex(p => p.NameBirthIndex);
        builder.HasIndex(p => p.MrnIndex);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CoverageConfiguration : IEntityTypeConfiguration<Coverage>
{
    public void Configure(EntityTypeBuilder<Coverage> builder)
    {
        builder.ToTable("coverages");
        builder.Property(c => c.Relationship).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payer>().WithMany().HasForeignKey(c => c.PayerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.PatientId);
        builder.Property(c => c.MemberIdIndex).HasMaxLength(32).IsFixedLength();
        builder.HasIndex(c => c.MemberIdIndex);
    }
}

internal sealed class PatientKeyConfiguration : IEntityTypeConfiguration<PatientKey>
{
    public void Configure(EntityTypeBuilder<PatientKey> builder)
    {
        builder.ToTable("patient_keys");
        builder.HasKey(k => k.PatientId);
        builder.Property(k => k.KekId).HasMaxLength(40).IsRequired();
        builder.Ignore(k => k.IsDestroyed);
        builder.HasIndex(k => k.KekId);
        builder.HasOne<Patient>().WithOne().HasForeignKey<PatientKey>(k => k.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

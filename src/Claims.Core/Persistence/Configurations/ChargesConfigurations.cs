using Claims.Charges;
using Claims.Domain;
using Claims.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class FeeScheduleEntryConfiguration : IEntityTypeConfiguration<FeeScheduleEntry>
{
    public void Configure(EntityTypeBuilder<FeeScheduleEntry> builder)
    {
        builder.ToTable("fee_schedule");
        builder.Property(f => f.Code).HasConversion(Conversions.Procedure).HasMaxLength(5).IsRequired();
        builder.Property(f => f.Charge).HasConversion(Conversions.Money);
        // One fee per code and start date; the lookup reads a clinic's rows for a few codes.
        builder.HasIndex(f => new { f.ClinicId, f.Code, f.EffectiveFrom }).IsUnique();
        builder.HasOne<Clinic>().WithMany().HasForeignKey(f => f.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClinicalHistoryEncounterConfiguration : IEntityTypeConfiguration<ClinicalHistoryEncounter>
{
    public void Configure(EntityTypeBuilder<ClinicalHistoryEncounter> builder)
    {
        builder.ToTable("clinical_history");
        builder.Property(h => h.SourceKeyHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(h => new { h.ClinicId, h.SourceKeyHash }).IsUnique();
        builder.HasIndex(h => new { h.PatientId, h.ServiceFrom });
        builder.Property(h => h.PlaceOfService).HasMaxLength(2).IsRequired();
        builder.Property(h => h.ItemsJson).IsRequired();
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(h => h.PatientId).OnDelete(DeleteBehavior.Restrict);
    }
}

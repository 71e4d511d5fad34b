using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> builder)
    {
        builder.ToTable("claims");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ControlNumber).HasConversion(Conversions.ControlNumber).HasMaxLength(ClaimControlNumber.MaxLength).IsRequired();
        builder.HasIndex(c => c.ControlNumber).IsUnique();
        builder.Property(c => c.BillingProviderNpi).HasConversion(Conversions.Npi).HasMaxLength(10).IsRequired();
        builder.Property(c => c.RenderingProviderNpi).HasConversion(Conversions.Npi!).HasMaxLength(10);
        builder.Property(c => c.PlaceOfService).HasConversion(Conversions.PlaceOfService).HasMaxLength(2).IsRequired();
        builder.Property(c => c.Frequency).HasConversion<int>();
        builder.Property(c => c.PayerClaimNumber).HasMaxLength(50);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.TotalCharge).HasConversion(Conversions.Money);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.AssignedTo).HasMaxLength(200);
        // The work queue reads each state's claims in (service date, id) order and stops after a page, unfiltered or
        // by clinic or payer (WorkQueue); the same indexes answer its counts without touching the table.
        // The work queue reads each state's claims in (ServiceFrom, Id) order; carrying the payer and the lease in the
        // index lets "due within", "held by nobody" and their counts be answered from it without reading the rows.
        builder.HasIndex(c => new { c.State, c.ServiceFrom, c.Id, c.PayerId, c.AssignedTo, c.LeaseExpiresAt });
        builder.HasIndex(c => new { c.AssignedTo, c.State, c.ServiceFrom, c.Id });
        builder.HasIndex(c => new { c.ClinicId, c.State, c.ServiceFrom, c.Id });
        builder.HasIndex(c => new { c.PayerId, c.State, c.ServiceFrom, c.Id });
        builder.HasIndex(c => c.PatientId);
        // Take next reads each workable state's billable claims in filing-deadline order; the biller's past-limit list
        // reads the held ones.
        builder.HasIndex(c => new { c.State, c.PastFilingLimit, c.FilingDeadline, c.Id });
        // Take next's claims in Coding: free or the coder's own, in filing-deadline order (skipping every claim other
        // coders hold without reading it), and lapsed leases found by their expiry (CoderAssignments).
        builder.HasIndex(c => new { c.State, c.PastFilingLimit, c.AssignedTo, c.FilingDeadline, c.Id });
        builder.HasIndex(c => new { c.State, c.LeaseExpiresAt, c.Id });
        builder.HasOne<Clinic>().WithMany().HasForeignKey(c => c.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payer>().WithMany().HasForeignKey(c => c.PayerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Coverage>().WithMany().HasForeignKey(c => c.CoverageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Claim>().WithMany().HasForeignKey(c => c.OriginalClaimId).OnDelete(DeleteBehavior.Restrict);

        builder.OwnsMany(c => c.Diagnoses, d =>
        {
            d.ToTable("claim_diagnoses");
            d.WithOwner().HasForeignKey("ClaimId");
            d.Property<int>("Id").ValueGeneratedOnAdd();
            d.HasKey("Id");
            d.Property(x => x.Code).HasConversion(Conversions.Icd10).HasMaxLength(7).IsRequired();
        });
        builder.Navigation(c => c.Diagnoses).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(c => c.Lines, l =>
        {
            l.ToTable("claim_lines");
            l.WithOwner().HasForeignKey("ClaimId");
            l.Property<int>("Id").ValueGeneratedOnAdd();
            l.HasKey("Id");
            l.Property(x => x.Code).HasConversion(Conversions.Procedure).HasMaxLength(5).IsRequired();
            l.Property(x => x.Modifiers).HasConversion(Conversions.Modifiers, Conversions.ModifiersComparer).HasMaxLength(11);
            l.Property(x => x.DiagnosisPointers).HasConversion(Conversions.Pointers, Conversions.PointersComparer).HasMaxLength(11);
            l.Property(x => x.Charge).HasConversion(Conversions.Money);
        });
        builder.Navigation(c => c.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasMany(c => c.History).WithOne().HasForeignKey(e => e.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ClaimEventConfiguration : IEntityTypeConfiguration<ClaimEvent>
{
    public void Configure(EntityTypeBuilder<ClaimEvent> builder)
    {
        builder.ToTable("claim_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.ActorRole).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.HasIndex(e => new { e.ClaimId, e.Id });
    }
}

internal sealed class ClinicQuestionConfiguration : IEntityTypeConfiguration<ClinicQuestion>
{
    public void Configure(EntityTypeBuilder<ClinicQuestion> builder)
    {
        builder.ToTable("clinic_questions");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.AskedBy).HasMaxLength(200).IsRequired();
        builder.Property(q => q.AnsweredBy).HasMaxLength(200);
        builder.Property(q => q.QuestionCipher).IsRequired();
        builder.Property(q => q.Status).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(q => new { q.ClaimId, q.AskedAt });
        builder.HasIndex(q => new { q.ClinicId, q.Status, q.AskedAt });
        builder.HasOne<Claim>().WithMany().HasForeignKey(q => q.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(q => q.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

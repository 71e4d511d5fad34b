using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Qa;
using Claims.Operations.Reports;
using Claims.Operations.Sla;
using Claims.Operations.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class ClientContractConfiguration : IEntityTypeConfiguration<ClientContract>
{
    public void Configure(EntityTypeBuilder<ClientContract> builder)
    {
        builder.ToTable("client_contracts");
        builder.HasKey(c => c.ClinicId);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.Property(c => c.WorkDayList).HasMaxLength(40).IsRequired();
        builder.Property(c => c.HolidayList).HasMaxLength(ClientContract.MaxHolidays * 11).IsRequired();
        builder.Property(c => c.FeeModel).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ChangedBy).HasMaxLength(200).IsRequired();
        builder.Ignore(c => c.WorkDays);
        builder.Ignore(c => c.Holidays);
        builder.Ignore(c => c.Calendar);
        builder.Ignore(c => c.Terms);
        builder.HasOne<Clinic>().WithOne().HasForeignKey<ClientContract>(c => c.ClinicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClinicAssignmentConfiguration : IEntityTypeConfiguration<ClinicAssignment>
{
    public void Configure(EntityTypeBuilder<ClinicAssignment> builder)
    {
        builder.ToTable("clinic_assignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.PersonId).HasMaxLength(ClinicAssignment.MaxPersonLength).IsRequired();
        builder.Property(a => a.Skill).HasMaxLength(ClinicAssignment.MaxSkillLength);
        builder.Property(a => a.AssignedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => new { a.PersonId, a.ClinicId }).IsUnique();
        builder.HasIndex(a => a.ClinicId);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(a => a.ClinicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(t => t.PersonId);
        builder.Property(t => t.PersonId).HasMaxLength(ClinicAssignment.MaxPersonLength);
        builder.Property(t => t.LeadId).HasMaxLength(ClinicAssignment.MaxPersonLength).IsRequired();
        builder.Property(t => t.ChangedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(t => t.LeadId);
    }
}

internal sealed class QaSampleConfiguration : IEntityTypeConfiguration<QaSample>
{
    public void Configure(EntityTypeBuilder<QaSample> builder)
    {
        builder.ToTable(QaSample.Table);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.CoderId).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Reason).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Detail).HasMaxLength(100);
        builder.Property(s => s.SampledBy).HasMaxLength(200).IsRequired();
        builder.Property(s => s.ReviewerId).HasMaxLength(200);
        builder.Property(s => s.ReviewerCodes).HasMaxLength(1000);
        builder.Property(s => s.CoderCodes).HasMaxLength(1000);
        builder.Property(s => s.Findings).HasMaxLength(4000);
        builder.Ignore(s => s.IsReviewed);
        // One sample per claim: drawing the same week twice adds nothing.
        builder.HasIndex(s => s.ClaimId).IsUnique();
        builder.HasIndex(s => new { s.CoderId, s.WeekOf });
        builder.HasOne<Claim>().WithMany().HasForeignKey(s => s.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeptMonthlyReportConfiguration : IEntityTypeConfiguration<KeptMonthlyReport>
{
    public void Configure(EntityTypeBuilder<KeptMonthlyReport> builder)
    {
        builder.ToTable("monthly_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Month).HasMaxLength(7).IsRequired();
        builder.Property(r => r.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.PdfName).HasMaxLength(120).IsRequired();
        builder.Property(r => r.WorkbookName).HasMaxLength(120).IsRequired();
        builder.OwnsOne(r => r.Pdf, f =>
        {
            f.Property(x => x.KekId).HasColumnName("PdfKekId").HasMaxLength(40).IsRequired();
            f.Property(x => x.WrappedKey).HasColumnName("PdfWrappedKey").IsRequired();
            f.Property(x => x.Cipher).HasColumnName("PdfCipher").IsRequired();
        });
        builder.OwnsOne(r => r.Workbook, f =>
        {
            f.Property(x => x.KekId).HasColumnName("WorkbookKekId").HasMaxLength(40).IsRequired();
            f.Property(x => x.WrappedKey).HasColumnName("WorkbookWrappedKey").IsRequired();
            f.Property(x => x.Cipher).HasColumnName("WorkbookCipher").IsRequired();
        });
        builder.Navigation(r => r.Pdf).IsRequired();
        builder.Navigation(r => r.Workbook).IsRequired();
        // One kept report per clinic and month, whichever instance makes it first (MonthlyReportArchive).
        builder.HasIndex(r => new { r.ClinicId, r.Month }).IsUnique();
        builder.HasOne<Clinic>().WithMany().HasForeignKey(r => r.ClinicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SlaSnapshotConfiguration : IEntityTypeConfiguration<SlaSnapshot>
{
    public void Configure(EntityTypeBuilder<SlaSnapshot> builder)
    {
        builder.ToTable("sla_snapshots");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.Attainment);
        // One snapshot per client and day, whichever instance takes it first (SlaSnapshots).
        builder.HasIndex(s => new { s.ClinicId, s.Day }).IsUnique();
        builder.HasOne<Clinic>().WithMany().HasForeignKey(s => s.ClinicId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Qa;
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

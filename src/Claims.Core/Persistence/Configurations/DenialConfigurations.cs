using Claims.Denials;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class DenialRuleConfiguration : IEntityTypeConfiguration<DenialRule>
{
    public void Configure(EntityTypeBuilder<DenialRule> builder)
    {
        builder.ToTable("denial_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.PayerKind).HasMaxLength(10).IsRequired();
        builder.Property(r => r.Group).HasMaxLength(2).IsRequired();
        builder.Property(r => r.Carc).HasMaxLength(5).IsRequired();
        builder.Property(r => r.Rarc).HasMaxLength(7);
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.NextAction).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.ScrubberEdit).HasMaxLength(40);
        builder.Property(r => r.Note).HasMaxLength(300).IsRequired();
        builder.Property(r => r.UpdatedBy).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IsShipped);
        builder.HasIndex(r => new { r.PayerId, r.Group, r.Carc, r.Rarc });
        builder.HasOne<Payer>().WithMany().HasForeignKey(r => r.PayerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DenialAssignmentConfiguration : IEntityTypeConfiguration<DenialAssignment>
{
    public void Configure(EntityTypeBuilder<DenialAssignment> builder)
    {
        builder.ToTable("denial_assignments");
        builder.HasKey(a => a.ClaimId);
        builder.Property(a => a.AssignedTo).HasMaxLength(200);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Claim>().WithMany().HasForeignKey(a => a.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WriteOffRequestConfiguration : IEntityTypeConfiguration<WriteOffRequest>
{
    public void Configure(EntityTypeBuilder<WriteOffRequest> builder)
    {
        builder.ToTable("write_off_requests");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Group).HasMaxLength(2).IsRequired();
        builder.Property(w => w.Carc).HasMaxLength(5).IsRequired();
        builder.Property(w => w.Reason).HasMaxLength(Claim.MaxReasonLength).IsRequired();
        builder.Property(w => w.RequestedBy).HasMaxLength(200).IsRequired();
        builder.Property(w => w.DecidedBy).HasMaxLength(200);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasIndex(w => new { w.Status, w.RequestedAt });
        builder.HasIndex(w => w.ClaimId);
        builder.HasOne<Claim>().WithMany().HasForeignKey(w => w.ClaimId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> builder)
    {
        builder.ToTable("appeals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Group).HasMaxLength(2).IsRequired();
        builder.Property(a => a.Carc).HasMaxLength(5).IsRequired();
        builder.Property(a => a.Rarcs).HasMaxLength(100);
        builder.Property(a => a.PayerClaimNumber).HasMaxLength(50);
        builder.Property(a => a.ArgumentCipher).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(12);
        builder.Property(a => a.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.ClaimId, a.Level });
        builder.HasIndex(a => new { a.Status, a.Deadline });
        builder.HasOne<Claim>().WithMany().HasForeignKey(a => a.ClaimId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppealAttachmentConfiguration : IEntityTypeConfiguration<AppealAttachment>
{
    public void Configure(EntityTypeBuilder<AppealAttachment> builder)
    {
        builder.ToTable("appeal_attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(a => a.LabelCipher).IsRequired();
        builder.Property(a => a.ContentCipher).IsRequired();
        builder.Property(a => a.AddedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => a.AppealId);
        builder.HasOne<Appeal>().WithMany().HasForeignKey(a => a.AppealId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Claims.Coding;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class CodingDecisionConfiguration : IEntityTypeConfiguration<CodingDecision>
{
    public void Configure(EntityTypeBuilder<CodingDecision> builder)
    {
        builder.ToTable("coding_decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.System).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Code).HasMaxLength(10).IsRequired();
        builder.Property(d => d.Verdict).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Evidence).HasMaxLength(500);
        builder.Property(d => d.ActorId).HasMaxLength(200).IsRequired();
        builder.HasIndex(d => new { d.ClaimId, d.Id });
        builder.HasOne<Claim>().WithMany().HasForeignKey(d => d.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

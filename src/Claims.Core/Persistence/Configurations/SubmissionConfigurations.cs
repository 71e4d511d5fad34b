using Claims.Domain;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class SubmissionBatchConfiguration : IEntityTypeConfiguration<SubmissionBatch>
{
    public void Configure(EntityTypeBuilder<SubmissionBatch> builder)
    {
        builder.ToTable("submission_batches");
        builder.Property(b => b.CreatedBy).HasMaxLength(256).IsRequired();
        // "clinic <guid> payer <guid>" is 86 characters; PostgreSQL enforces the length (SQLite does not).
        builder.Property(b => b.Scope).HasMaxLength(120).IsRequired();
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(b => b.FileName).HasMaxLength(100).IsRequired();
        builder.HasIndex(b => b.InterchangeControlNumber).IsUnique();
        builder.HasIndex(b => b.GroupControlNumber).IsUnique();
        builder.HasIndex(b => b.CreatedAt);
        builder.OwnsOne(b => b.File, SealedFiles.Configure);
        builder.Navigation(b => b.File).IsRequired();
        builder.HasMany(b => b.Claims).WithOne().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(b => b.Claims).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SubmissionBatchClaimConfiguration : IEntityTypeConfiguration<SubmissionBatchClaim>
{
    public void Configure(EntityTypeBuilder<SubmissionBatchClaim> builder)
    {
        builder.ToTable("submission_batch_claims");
        builder.Property(c => c.ControlNumber).HasMaxLength(ClaimControlNumber.MaxLength).IsRequired();
        builder.HasIndex(c => c.ClaimId);
        builder.HasIndex(c => c.ControlNumber);
        builder.HasOne<Claim>().WithMany().HasForeignKey(c => c.ClaimId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceivedFileConfiguration : IEntityTypeConfiguration<ReceivedFile>
{
    public void Configure(EntityTypeBuilder<ReceivedFile> builder)
    {
        builder.ToTable("received_files");
        builder.Property(f => f.Name).HasMaxLength(255).IsRequired();
        builder.HasIndex(f => f.Name).IsUnique();
        builder.Property(f => f.Kind).HasMaxLength(10).IsRequired();
        builder.Property(f => f.Summary).HasMaxLength(400).IsRequired();
        builder.HasIndex(f => f.BatchId);
        builder.HasOne<SubmissionBatch>().WithMany().HasForeignKey(f => f.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsOne(f => f.File, SealedFiles.Configure);
        builder.Navigation(f => f.File).IsRequired();
    }
}

internal sealed class X12CounterConfiguration : IEntityTypeConfiguration<X12Counter>
{
    public void Configure(EntityTypeBuilder<X12Counter> builder)
    {
        builder.ToTable("x12_counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(10);
        builder.HasData(new X12Counter(X12Counter.Interchange, 0), new X12Counter(X12Counter.Group, 0), new X12Counter(X12Counter.TransactionSet, 0));
    }
}

internal static class SealedFiles
{
    public static void Configure<T>(OwnedNavigationBuilder<T, SealedFile> file) where T : class
    {
        file.Property(f => f.KekId).HasColumnName("FileKekId").HasMaxLength(40).IsRequired();
        file.Property(f => f.WrappedKey).HasColumnName("FileWrappedKey").IsRequired();
        file.Property(f => f.Cipher).HasColumnName("FileCipher").IsRequired();
    }
}

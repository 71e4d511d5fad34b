using Claims.Domain;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Claims.Persistence.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Group).HasMaxLength(2);
        builder.Property(e => e.Reason).HasMaxLength(5);
        builder.Property(e => e.Reference).HasMaxLength(50);
        builder.Property(e => e.Quantity).HasPrecision(15, 2);
        // A claim's balances are sums over its rows by kind; a posting's rows are read back to reverse them.
        builder.HasIndex(e => new { e.ClaimId, e.Kind });
        builder.HasIndex(e => e.ClaimPaymentId);
        builder.HasIndex(e => e.DocumentId);
        // One Charge per claim line, whether it entered at submission or at the first posting.
        builder.HasIndex(e => new { e.ClaimId, e.LineNumber }).IsUnique().HasFilter("\"Kind\" = 'Charge'").HasDatabaseName("IX_ledger_entries_one_charge_per_line");
        builder.HasOne<Claim>().WithMany().HasForeignKey(e => e.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payer>().WithMany().HasForeignKey(e => e.PayerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PostedDocument>().WithMany().HasForeignKey(e => e.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ClaimPaymentPosting>().WithMany().HasForeignKey(e => e.ClaimPaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostedDocumentConfiguration : IEntityTypeConfiguration<PostedDocument>
{
    public void Configure(EntityTypeBuilder<PostedDocument> builder)
    {
        builder.ToTable("posted_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.TransactionCode).HasMaxLength(3).IsRequired();
        builder.Property(d => d.ContentKey).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasIndex(d => d.ContentKey).IsUnique();
        builder.Property(d => d.ControlNumber).HasMaxLength(9).IsRequired();
        builder.Property(d => d.TraceNumber).HasMaxLength(50);
        builder.Property(d => d.PayerIdentifier).HasMaxLength(80);
        builder.HasIndex(d => d.PostedAt);
        builder.HasOne<Submission.ReceivedFile>().WithMany().HasForeignKey(d => d.SourceFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClaimPaymentPostingConfiguration : IEntityTypeConfiguration<ClaimPaymentPosting>
{
    public void Configure(EntityTypeBuilder<ClaimPaymentPosting> builder)
    {
        builder.ToTable("claim_payment_postings");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.StatusCode).HasMaxLength(2).IsRequired();
        builder.Property(p => p.PayerClaimNumber).HasMaxLength(50);
        builder.Property(p => p.Detail).IsRequired();
        builder.HasIndex(p => new { p.ClaimId, p.PostedAt });
        builder.HasOne<Claim>().WithMany().HasForeignKey(p => p.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PostedDocument>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ClaimPaymentPosting>().WithMany().HasForeignKey(p => p.ReversesId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RemittanceExceptionConfiguration : IEntityTypeConfiguration<RemittanceExceptionItem>
{
    public void Configure(EntityTypeBuilder<RemittanceExceptionItem> builder)
    {
        builder.ToTable("remittance_exceptions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.ControlNumber).HasMaxLength(50).IsRequired();
        builder.Property(x => x.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Message).HasMaxLength(500).IsRequired();
        builder.Property(x => x.ResolvedBy).HasMaxLength(200);
        builder.Property(x => x.Resolution).HasConversion<string>().HasMaxLength(12);
        builder.Ignore(x => x.IsOpen);
        builder.OwnsOne(x => x.Note, note =>
        {
            note.Property(f => f.KekId).HasColumnName("NoteKekId").HasMaxLength(40);
            note.Property(f => f.WrappedKey).HasColumnName("NoteWrappedKey");
            note.Property(f => f.Cipher).HasColumnName("NoteCipher");
        });
        builder.HasIndex(x => x.ResolvedAt);
        builder.HasIndex(x => x.CreatedAt);
        builder.HasIndex(x => x.ClaimId);
        builder.HasOne<Claim>().WithMany().HasForeignKey(x => x.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PostedDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RemittanceFilePostingConfiguration : IEntityTypeConfiguration<RemittanceFilePosting>
{
    public void Configure(EntityTypeBuilder<RemittanceFilePosting> builder)
    {
        builder.ToTable("remittance_file_postings");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Source).HasMaxLength(10).IsRequired();
        builder.Property(p => p.PostedBy).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Kind).HasMaxLength(10).IsRequired();
        builder.Property(p => p.Error).HasMaxLength(500);
        builder.Property(p => p.Result).IsRequired();
        builder.HasIndex(p => p.FileId);
        builder.HasIndex(p => p.PostedAt);
        builder.HasOne<Submission.ReceivedFile>().WithMany().HasForeignKey(p => p.FileId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Claims.Persistence;

/// <summary>Stamps CreatedAt/UpdatedAt from the injected clock, so the domain never reads the wall clock.</summary>
internal sealed class TimestampInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null) return;
        var now = time.GetUtcNow();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            // Only where the entity left it unset: signed records (audit checkpoints) carry their own, signed time.
            if (entry.State == EntityState.Added && entry.Metadata.FindProperty(nameof(Claim.CreatedAt)) is { } created
                && entry.Property(created.Name).CurrentValue is DateTimeOffset current && current == default)
            {
                entry.Property(created.Name).CurrentValue = now;
            }
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Metadata.FindProperty(nameof(Claim.UpdatedAt)) is { } updated)
            {
                entry.Property(updated.Name).CurrentValue = now;
            }
        }
    }
}

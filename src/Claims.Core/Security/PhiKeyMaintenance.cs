using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Security;

/// <summary>
/// Operations on patients' data keys as a whole: KEK rotation (re-wrap every DEK, data rows untouched) and GDPR
/// erasure (crypto-shredding one patient's DEK). Both are audited (compliance/key-management.md, compliance/gdpr.md).
/// </summary>
public static class PhiKeyMaintenance
{
    private const int Batch = 1000;

    /// <summary>
    /// Adds a primary KEK and re-wraps every live data key under it, in batches of <see cref="Batch"/>. Data rows
    /// are not read or written: their ciphertext is under the DEKs, which do not change. Older KEKs stay in the
    /// ring, so a rotation interrupted half-way leaves every key readable; running it again finishes the job.
    /// </summary>
    public static async Task<KeyRotationResult> RotateAsync(ClaimsDbContext db, IKeyRing keyRing, string actorId, string actorRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyRing);
        var kekId = keyRing.AddPrimaryKek();
        var rewrapped = 0;
        while (true)
        {
            var keys = await db.PatientKeys
                .Where(k => k.WrappedKey != null && k.KekId != kekId)
                .OrderBy(k => k.PatientId)
                .Take(Batch)
                .ToListAsync(cancellationToken);
            if (keys.Count == 0) break;
            foreach (var key in keys)
            {
                var dataKey = keyRing.UnwrapDataKey(key.KekId, key.WrappedKey!);
                var (wrapped, newKek) = keyRing.WrapDataKey(dataKey);
                Array.Clear(dataKey);
                key.Rewrapped(newKek, wrapped);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            rewrapped += keys.Count;
        }
        // X12 files (batches sent, answers received) have file keys of their own under the same KEKs.
        foreach (var batch in await db.SubmissionBatches.Where(b => b.File.KekId != kekId).ToListAsync(cancellationToken)) batch.Rewrap(keyRing);
        foreach (var file in await db.ReceivedFiles.Where(f => f.File.KekId != kekId).ToListAsync(cancellationToken)) file.Rewrap(keyRing);
        // Kept monthly reports are sealed the same way (no patient data, but a client's figures).
        foreach (var report in await db.KeptMonthlyReports.Where(r => r.Pdf.KekId != kekId || r.Workbook.KekId != kekId).ToListAsync(cancellationToken)) report.Rewrap(keyRing);
        var destroyed = await db.PatientKeys.CountAsync(k => k.WrappedKey == null, cancellationToken);
        db.Audit(new AuditRecord(actorId, actorRole, AuditAction.KeyRotation, "KeyRing", kekId, PurposeOfUse: "HOPERAT", Details: $"rewrapped={rewrapped}"));
        await db.SaveChangesAsync(cancellationToken);
        return new KeyRotationResult(kekId, rewrapped, destroyed);
    }

    /// <summary>
    /// GDPR Art. 17: destroys the patient's data key, so its names, birth date, contacts, identifiers and member
    /// ids can never be decrypted again, and drops its blind indexes. Claims and their pseudonymous rows stay
    /// (retention law), as does the audit trail, which never held PHI. Returns false when already erased.
    /// </summary>
    public static async Task<bool> EraseAsync(ClaimsDbContext db, Patient patient, string actorId, string actorRole, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var key = await db.PatientKeys.FirstOrDefaultAsync(k => k.PatientId == patient.Id, cancellationToken);
        var already = key?.IsDestroyed == true;
        if (key is null)
        {
            // A patient stored before encryption (or without PHI) gets a destroyed key as the erasure's record.
            key = new PatientKey(patient.Id, "none", [], now);
            db.PatientKeys.Add(key);
        }
        key.Destroy(now);
        var tracked = db.Entry(patient).State == EntityState.Detached ? await db.Patients.FirstAsync(p => p.Id == patient.Id, cancellationToken) : patient;
        tracked.ForgetIndexes();
        foreach (var coverage in await db.Coverages.Where(c => c.PatientId == patient.Id).ToListAsync(cancellationToken)) coverage.ForgetIndexes();
        db.Audit(new AuditRecord(actorId, actorRole, AuditAction.GdprErase, "Patient", patient.Id.ToString(), patient.Pseudonym, PurposeOfUse: "HCOMPL", Details: already ? "already-erased" : "dek-destroyed"));
        await db.SaveChangesAsync(cancellationToken);
        db.Phi.Forget(patient.Id);
        return !already;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Qa;

/// <summary>
/// Draws a week's QA samples by the <see cref="QaRules"/>. The draw is deterministic (a fixed seed per week and coder)
/// and idempotent (a claim is sampled once), so running it twice, from the web or <c>claims qa sample</c>, adds nothing
/// the second time. Leads, managers and admins draw.
/// </summary>
public sealed class QaSampling(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The Monday of <paramref name="day"/>'s week (weeks run Monday to Sunday, UTC).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public async Task<QaDrawResult> DrawAsync(DateOnly anyDayOfWeek, QaRules rules, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        OperationsAccess.Require(caller, "draw QA samples", ClaimRole.Lead, ClaimRole.Manager, ClaimRole.Admin);
        rules.Validate();
        var week = WeekOf(anyDayOfWeek);
        var start = new DateTimeOffset(week.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(7);
        var now = clock.GetUtcNow();
        var sampled = (await db.QaSamples.AsNoTracking().Select(s => s.ClaimId).ToListAsync(cancellationToken)).ToHashSet();

        var coded = await CodedInAsync(start, end, cancellationToken);
        var proficient = await ProficientCodersAsync(rules, cancellationToken);
        int random = 0, newCoder = 0, targeted = 0;
        foreach (var byCoder in coded.GroupBy(c => c.CoderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var claims = byCoder.OrderBy(c => c.ClaimId).ToList();
            if (rules.NewCoderClaims > 0 && !proficient.Contains(byCoder.Key))
            {
                foreach (var c in claims.Where(c => sampled.Add(c.ClaimId)))
                {
                    db.QaSamples.Add(new QaSample(c.ClaimId, c.ClinicId, c.CoderId, week, QaSampleReason.NewCoder, null, caller.Actor.Id, now));
                    newCoder++;
                }
                continue;
            }
            var take = (int)Math.Ceiling(claims.Count * rules.RandomPercent / 100.0);
            var rng = new Random(Seed(week, byCoder.Key));
            foreach (var c in claims.OrderBy(_ => rng.Next()).Take(take).Where(c => sampled.Add(c.ClaimId)))
            {
                db.QaSamples.Add(new QaSample(c.ClaimId, c.ClinicId, c.CoderId, week, QaSampleReason.Random, null, caller.Actor.Id, now));
                random++;
            }
        }

        foreach (var (claimId, clinicId, coderId, reason) in await DeniedForCodingInAsync(start, end, rules.TargetedReasons, cancellationToken))
        {
            if (!sampled.Add(claimId)) continue;
            db.QaSamples.Add(new QaSample(claimId, clinicId, coderId, week, QaSampleReason.Targeted, reason, caller.Actor.Id, now));
            targeted++;
        }
        var result = new QaDrawResult(week, random, newCoder, targeted);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "QaSample", null, null,
            $"qa draw week={week:yyyy-MM-dd} random={random} new-coder={newCoder} targeted={targeted} percent={rules.RandomPercent} probation={rules.NewCoderClaims}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    private sealed record Coded(Guid ClaimId, Guid ClinicId, string CoderId);

    /// <summary>Claims whose coding was completed in [from, to) and that are past coding now, each with the coder who completed it last.</summary>
    private async Task<List<Coded>> CodedInAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var events = await (from e in db.ClaimEvents.AsNoTracking()
                            join c in db.Claims on e.ClaimId equals c.Id
                            where e.Trigger == ClaimTrigger.CompleteCoding && e.At >= start && e.At < end
                               && c.State != ClaimState.Received && c.State != ClaimState.Coding && c.State != ClaimState.OnHold && c.State != ClaimState.Verification
                            select new { e.ClaimId, c.ClinicId, e.ActorId, e.At, e.Id }).ToListAsync(ct);
        return [.. events.GroupBy(e => e.ClaimId).Select(g => g.OrderBy(e => e.At).ThenBy(e => e.Id).Last()).Select(e => new Coded(e.ClaimId, e.ClinicId, e.ActorId))];
    }

    /// <summary>Coders past probation: at least M reviewed claims, their latest M averaging the target or better.</summary>
    private async Task<HashSet<string>> ProficientCodersAsync(QaRules rules, CancellationToken ct)
    {
        var reviewed = await db.QaSamples.AsNoTracking().Where(s => s.AccuracyBasisPoints != null)
            .Select(s => new { s.CoderId, s.ReviewedAt, Accuracy = s.AccuracyBasisPoints!.Value }).ToListAsync(ct);
        return [.. reviewed.GroupBy(r => r.CoderId, StringComparer.Ordinal)
            .Where(g => g.Count() >= rules.NewCoderClaims && (rules.NewCoderClaims == 0 || g.OrderByDescending(r => r.ReviewedAt).Take(rules.NewCoderClaims).Average(r => r.Accuracy) >= rules.TargetBasisPoints))
            .Select(g => g.Key)];
    }

    /// <summary>Claims denied (wholly or partly) in [from, to) for a targeted reason, with the coder who last completed coding before the denial.</summary>
    private async Task<List<(Guid ClaimId, Guid ClinicId, string CoderId, string Reason)>> DeniedForCodingInAsync(DateTimeOffset start, DateTimeOffset end, IReadOnlySet<string> reasons, CancellationToken ct)
    {
        var denials = await (from e in db.ClaimEvents.AsNoTracking()
                             join c in db.Claims on e.ClaimId equals c.Id
                             where (e.Trigger == ClaimTrigger.Deny || e.Trigger == ClaimTrigger.PayPartially) && e.At >= start && e.At < end
                             select new { e.ClaimId, c.ClinicId, e.Reason, e.At }).ToListAsync(ct);
        var result = new List<(Guid, Guid, string, string)>();
        foreach (var d in denials)
        {
            var matched = CodingDenials.In(d.Reason, reasons);
            if (matched.Count == 0) continue;
            var coder = await db.ClaimEvents.AsNoTracking().Where(e => e.ClaimId == d.ClaimId && e.Trigger == ClaimTrigger.CompleteCoding && e.At <= d.At)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.ActorId).FirstOrDefaultAsync(ct);
            if (coder is not null) result.Add((d.ClaimId, d.ClinicId, coder, string.Join(' ', matched)));
        }
        return result;
    }

    /// <summary>A seed fixed by the week and the coder (string hashes vary per process, so SHA-256 it is).</summary>
    private static int Seed(DateOnly week, string coder) =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{week:yyyy-MM-dd}|{coder}")));
}

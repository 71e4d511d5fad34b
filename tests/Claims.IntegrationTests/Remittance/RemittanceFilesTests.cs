using System.Text;
using Claims.Demo;
using Claims.Domain;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Remittance;

/// <summary>A biller's files (sealed, posted once) and the exceptions worklist (mark handled with a sealed note, re-post).</summary>
public sealed class RemittanceFilesTests : IDisposable
{
    private static readonly Caller Biller = Caller.FromCli(new Actor("biller@test", ClaimRole.Biller));
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private Submissions Submissions(Claims.Persistence.ClaimsDbContext db) =>
        new(db, _home.Time, new SubmissionSettings { Mailbox = "unused" }, new FolderMailbox(Path.Combine(_home.Home, "clearinghouse")));

    private static Clp Paid(Claim claim) => new(claim.ControlNumber.Value, "1",
        [.. claim.Lines.Select(l => new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents, [new Cas("CO", "45", l.Charge.Cents / 5)], Allowed: l.Charge.Cents - (l.Charge.Cents / 5)))], []);

    [Fact]
    public async Task An_uploaded_835_is_sealed_posted_once_and_its_exceptions_can_be_handled_with_a_sealed_note_or_re_posted_once_the_claim_can_take_them()
    {
        Claim submitted, ready;
        await using (var db = await _home.MigratedContextAsync())
        {
            await DemoSeeder.SeedAsync(db, 40, 11, _home.Time);
            var readyClaims = await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit && c.Lines.Count > 0).OrderBy(c => c.ControlNumber).Take(2).ToListAsync();
            readyClaims[0].Submit(new Actor("biller@test", ClaimRole.Biller), _home.Time.GetUtcNow());
            await db.SaveChangesAsync();
            submitted = readyClaims[0];
            ready = readyClaims[1];
        }
        var unknown = Paid(submitted) with { ControlNumber = "CNOSUCHCLAIM01" };
        var x12 = Remit835.Write([Paid(submitted), Paid(ready), unknown], "TRACE-FILES");
        var bytes = Encoding.ASCII.GetBytes(x12);

        IReadOnlyList<RemittanceFileResult> first;
        await using (var db = _home.NewContext()) first = await new RemittanceFiles(db, _home.Time, Submissions(db)).UploadAsync([new UploadedFile("payer.835", [.. bytes])], Biller);

        var document = Assert.Single(Assert.Single(first).Documents);
        Assert.Equal(1, document.Posted);
        Assert.Equal("Paid", Assert.Single(document.Claims).Outcome);
        Assert.Equal([RemittanceExceptionReason.StateCannotTake, RemittanceExceptionReason.UnknownClaim], document.Exceptions.Select(x => x.Reason));
        await using (var db = _home.NewContext())
        {
            var stored = await db.ReceivedFiles.AsNoTracking().SingleAsync();
            Assert.DoesNotContain("NM1*QC", Encoding.Latin1.GetString(stored.File.Cipher), StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "ReceivedFile" && e.EntityId == stored.Id.ToString() && e.ActorId == "biller@test"));
        }

        IReadOnlyList<RemittanceFileResult> second;
        await using (var db = _home.NewContext()) second = await new RemittanceFiles(db, _home.Time, Submissions(db)).UploadAsync([new UploadedFile("payer.835", [.. bytes])], Biller);
        Assert.True(Assert.Single(Assert.Single(second).Documents).AlreadyPosted);

        IReadOnlyList<RemittanceExceptionView> open;
        await using (var db = _home.NewContext()) open = await new RemittanceExceptions(db, _home.Time).ListAsync(false, 50, Biller);
        Assert.Equal(2, open.Count);
        var wrongState = open.Single(x => x.Reason == RemittanceExceptionReason.StateCannotTake);
        var notOurs = open.Single(x => x.Reason == RemittanceExceptionReason.UnknownClaim);
        Assert.Equal(Paid(ready).Charge, wrongState.ChargeCents);
        Assert.True(wrongState.CanRepost);

        await using (var db = _home.NewContext())
        {
            var error = await Assert.ThrowsAsync<DomainValidationException>(() => new RemittanceExceptions(db, _home.Time).RepostAsync(wrongState.Id, Biller));
            Assert.Contains("ReadyToSubmit", error.Message, StringComparison.Ordinal);
        }
        await using (var db = _home.NewContext())
        {
            (await db.Claims.SingleAsync(c => c.Id == ready.Id)).Submit(new Actor("biller@test", ClaimRole.Biller), _home.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }
        await using (var db = _home.NewContext())
        {
            var posted = await new RemittanceExceptions(db, _home.Time).RepostAsync(wrongState.Id, Biller);
            Assert.Equal("Paid", posted.Outcome);
        }
        await using (var db = _home.NewContext())
        {
            Assert.Equal(ClaimState.Paid, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == ready.Id)).State);
            Assert.Equal(0, (await ClaimBalance.ForClaimAsync(db, ready.Id)).BalanceCents);
            await Assert.ThrowsAsync<DomainValidationException>(() => new RemittanceExceptions(db, _home.Time).RepostAsync(wrongState.Id, Biller));
            await new RemittanceExceptions(db, _home.Time).ResolveAsync(notOurs.Id, "Payer called: claim of another practice", Biller);
        }
        await using (var db = _home.NewContext())
        {
            Assert.Empty(await new RemittanceExceptions(db, _home.Time).ListAsync(false, 50, Biller));
            var resolved = await new RemittanceExceptions(db, _home.Time).ListAsync(true, 50, Biller);
            Assert.Equal("Payer called: claim of another practice", resolved.Single(x => x.Id == notOurs.Id).Note);
            Assert.Equal(RemittanceExceptionResolution.Reposted, resolved.Single(x => x.Id == wrongState.Id).Resolution);
            var row = await db.RemittanceExceptions.AsNoTracking().SingleAsync(x => x.Id == notOurs.Id);
            Assert.DoesNotContain("another practice", Encoding.Latin1.GetString(row.Note!.Cipher), StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "RemittanceException" && e.EntityId == notOurs.Id.ToString() && e.Action == Claims.Audit.AuditAction.Update));
            await Assert.ThrowsAsync<DomainValidationException>(() => new RemittanceExceptions(db, _home.Time).ResolveAsync(notOurs.Id, null, Biller));
        }
    }
}

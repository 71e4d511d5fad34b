using Claims.Submission;
using Microsoft.Extensions.Logging;

namespace Claims.PayerSimulator;

/// <summary>What one pass over the inbound folder did: files answered, claims accepted and rejected, files written.</summary>
public sealed record SimulatorRound(int Files, int Claims, int Accepted, int Rejected, IReadOnlyList<string> Written);

/// <summary>
/// A clearinghouse and its payers in one: takes each 837P from the mailbox's inbound folder, answers it in the
/// outbound folder (a 999 for the interchange; when accepted a 277CA for its claims and an 835 per payer for the
/// accepted ones) and removes it from inbound, as a clearinghouse picks files up. Same seed and files, same answers.
/// </summary>
public sealed class ClearinghouseSimulator(SimulatorOptions options, TimeProvider clock, ILogger? logger = null)
{
    private readonly Adjudicator _adjudicator = new(options);

    public async Task<SimulatorRound> AnswerOnceAsync(IClearinghouseMailbox mailbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var names = await mailbox.ListAsync(MailboxFolder.Inbound, cancellationToken);
        var outbound = (await mailbox.ListAsync(MailboxFolder.Outbound, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var written = new List<string>();
        int claims = 0, accepted = 0, rejected = 0;
        foreach (var name in names)
        {
            var content = await mailbox.GetAsync(MailboxFolder.Inbound, name, cancellationToken);
            var at = clock.GetUtcNow().UtcDateTime;
            var inbound = Inbound837.Read(content);
            var usage = inbound.UsageIndicator;
            var stem = inbound.InterchangeControlNumber.Length > 0 ? inbound.InterchangeControlNumber : Path.GetFileNameWithoutExtension(name);
            async Task PutAsync(string kind, byte[] bytes)
            {
                var file = Unique($"{kind}-{stem}.x12", outbound);
                await mailbox.PutAsync(MailboxFolder.Outbound, file, bytes, cancellationToken);
                outbound.Add(file);
                written.Add(file);
            }
            await PutAsync("999", Answers.Ack999(inbound, at, usage));
            if (inbound.IsAccepted)
            {
                var verdicts = inbound.Transactions.SelectMany(t => t.Claims).ToDictionary(c => c.ControlNumber, _adjudicator.Screen, StringComparer.Ordinal);
                await PutAsync("277CA", Answers.ClaimAck277(inbound, verdicts, at, usage));
                foreach (var set in inbound.Transactions)
                {
                    var paid = set.Claims.Where(c => verdicts[c.ControlNumber].Accepted).SelectMany(c => _adjudicator.Adjudicate(c, verdicts[c.ControlNumber])).ToList();
                    if (paid.Count > 0) await PutAsync($"835-{set.ControlNumber}", Answers.Remit835(inbound, set, paid, _adjudicator, at, usage));
                }
                claims += verdicts.Count;
                accepted += verdicts.Values.Count(v => v.Accepted);
                rejected += verdicts.Values.Count(v => !v.Accepted);
            }
            else
            {
                // Ids only: the reader's message names segments and codes, never values.
                logger?.LogWarning("Simulator rejected interchange {Interchange}: {Reason}", inbound.InterchangeControlNumber, inbound.Error!.Message);
            }
            await mailbox.DeleteAsync(MailboxFolder.Inbound, name, cancellationToken);
            logger?.LogInformation("Simulator answered {File} (interchange {Interchange})", name, inbound.InterchangeControlNumber);
        }
        return new SimulatorRound(names.Count, claims, accepted, rejected, written);
    }

    /// <summary>Answers every <paramref name="interval"/> until cancelled; a failed pass is logged and retried.</summary>
    public async Task RunAsync(IClearinghouseMailbox mailbox, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await AnswerOnceAsync(mailbox, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or Renci.SshNet.Common.SshException)
            {
                logger?.LogWarning("Simulator pass over {Mailbox} failed ({ExceptionType}); retrying", mailbox.Describe, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        if (!taken.Contains(name)) return name;
        var stem = Path.GetFileNameWithoutExtension(name);
        for (var i = 2; ; i++)
        {
            var candidate = $"{stem}-{i}.x12";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}

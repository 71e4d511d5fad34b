using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Claims.Audit;

/// <summary>
/// Appends witness lines. Called only after the transaction that wrote the checkpoint committed, so the witness never
/// vouches for a checkpoint the database does not hold; a crash between the commit and the append leaves the witness
/// one checkpoint behind, which <see cref="AuditWitnessCheck"/> tolerates (compliance/audit-log.md, "Witness").
/// </summary>
public sealed class AuditWitness(AuditWitnessOptions options)
{
    private const int SyslogPriority = 10 * 8 + 5; // facility authpriv (10), severity notice (5): RFC 5424 section 6.2.1
    // One writer at a time in this process; a semaphore, not a lock, so commits awaiting their turn do not block
    // thread-pool threads (twenty coders committing at once would otherwise starve the pool).
    private static readonly SemaphoreSlim FileGate = new(1, 1);

    public AuditWitnessOptions Options { get; } = options;

    public void Append(IReadOnlyList<AuditCheckpoint> checkpoints) => AppendAsync(checkpoints, synchronous: true, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Appends the checkpoints' lines; returns once they are on disk (and sent to syslog when configured).</summary>
    public Task AppendAsync(IReadOnlyList<AuditCheckpoint> checkpoints, CancellationToken cancellationToken = default) =>
        AppendAsync(checkpoints, synchronous: false, cancellationToken);

    private async Task AppendAsync(IReadOnlyList<AuditCheckpoint> checkpoints, bool synchronous, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (checkpoints.Count == 0) return;
        var lines = checkpoints.Select(AuditWitnessLine.Of).ToList();
        if (Options.Path is { } path) await AppendToFileAsync(path, lines, synchronous, ct);
        if (Options.Syslog) SendToSyslog(lines);
    }

    // Group commit: lines wait in the open batch of their file; whoever takes the file gate writes and flushes the whole
    // batch once, and those whose lines it carried return without a write of their own. Every caller still returns only
    // after its own lines are on disk, but twenty coders committing at once cost one flush, not twenty in a row.
    private static readonly Lock BatchGate = new();
    private static readonly Dictionary<string, WitnessBatch> OpenBatches = new(StringComparer.Ordinal);

    private sealed class WitnessBatch
    {
        public StringBuilder Text { get; } = new();

        public bool Written { get; set; }
    }

    private static async Task AppendToFileAsync(string path, List<AuditWitnessLine> lines, bool synchronous, CancellationToken ct)
    {
        WitnessBatch batch;
        lock (BatchGate)
        {
            if (!OpenBatches.TryGetValue(path, out batch!)) OpenBatches[path] = batch = new WitnessBatch();
            foreach (var line in lines) batch.Text.Append(line).Append('\n');
        }
        if (synchronous) FileGate.Wait(ct);
        else await FileGate.WaitAsync(ct);
        try
        {
            if (batch.Written) return;
            string text;
            lock (BatchGate)
            {
                // Closed from here on: lines that arrive while this one is written go into the next batch.
                if (OpenBatches.TryGetValue(path, out var open) && ReferenceEquals(open, batch)) OpenBatches.Remove(path);
                text = batch.Text.ToString();
            }
            if (System.IO.Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder)) PrivateFiles.Folder(folder);
            // FileShare.None takes the file's lock, so the web app and a CLI command never interleave their lines.
            using var stream = await OpenExclusiveAsync(path, synchronous, ct);
            // A crash in the middle of an append leaves a line without its end; start on a fresh line after it.
            var bytes = Encoding.UTF8.GetBytes(stream.Length > 0 && LastByte(stream) != '\n' ? "\n" + text : text);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            batch.Written = true;
        }
        finally
        {
            FileGate.Release();
        }
    }

    private static async Task<FileStream> OpenExclusiveAsync(string path, bool synchronous, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var stream = new FileStream(path, options);
                PrivateFiles.Tighten(path);
                return stream;
            }
            catch (IOException) when (attempt < 1000 && File.Exists(path))
            {
                // Another process (another instance, a CLI command) is appending or verifying; its hold lasts a write
                // and a flush, so look again soon rather than sleep through several of its appends.
                if (synchronous) Thread.Sleep(2);
                else await Task.Delay(2, ct);
            }
        }
    }

    private static int LastByte(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte();
    }

    private static void SendToSyslog(List<AuditWitnessLine> lines)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The syslog witness needs a Unix /dev/log.");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var endpoint = new UnixDomainSocketEndPoint("/dev/log");
        foreach (var line in lines)
        {
            socket.SendTo(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"<{SyslogPriority}>claims-audit: {line}")), endpoint);
        }
    }
}

/// <summary>
/// Hands the checkpoints a transaction wrote to the witness once, and only once, that transaction commits; a rolled
/// back transaction's checkpoints are dropped. A failure to witness is logged and does not undo the commit: the
/// next <c>claims audit verify</c> shows the witness lagging behind.
/// </summary>
internal sealed class AuditWitnessInterceptor(AuditWitness witness) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, List<AuditCheckpoint>> _pending = [];

    /// <summary>Queues a checkpoint written in the context's open transaction (nothing without a witness or a transaction).</summary>
    public static void Enlist(DbContext db, AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction?.GetDbTransaction() is not { } transaction) return;
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        foreach (var interceptor in interceptors.OfType<AuditWitnessInterceptor>())
        {
            lock (interceptor._pending) interceptor._pending.GetOrCreateValue(transaction).Add(checkpoint);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        WitnessAsync(transaction, eventData, synchronous: true).GetAwaiter().GetResult();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        WitnessAsync(transaction, eventData, synchronous: false);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Drop(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(transaction);
        return Task.CompletedTask;
    }

    private void Drop(DbTransaction transaction)
    {
        lock (_pending) _pending.Remove(transaction);
    }

    private async Task WitnessAsync(DbTransaction transaction, TransactionEndEventData eventData, bool synchronous)
    {
        List<AuditCheckpoint>? checkpoints;
        lock (_pending)
        {
            if (!_pending.TryGetValue(transaction, out checkpoints)) return;
            _pending.Remove(transaction);
        }
        try
        {
            // The commit's own token is not passed: the data is committed, so its witness line is written regardless.
            if (synchronous) witness.Append(checkpoints);
            else await witness.AppendAsync(checkpoints, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SocketException or PlatformNotSupportedException)
        {
            // The data and its audit entries are committed; throwing now would report a failure that did not happen.
            eventData.Context?.GetService<ILoggerFactory>().CreateLogger("Claims.Audit.Witness")
                .LogError("Audit witness missed checkpoints up to sequence {Sequence} ({ExceptionType}); audit verify will report the witness behind", checkpoints[^1].Sequence, ex.GetType().Name);
        }
    }
}

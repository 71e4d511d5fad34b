using System.CommandLine;
using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Spectre.Console;

namespace Claims.Cli.Commands;

internal static class AuditCommand
{
    public static Command Create(CliEnvironment env)
    {
        var audit = new Command("audit", "The tamper-evident audit trail: verify, export, who accessed a patient.");
        audit.Subcommands.Add(Verify(env));
        audit.Subcommands.Add(Export(env));
        audit.Subcommands.Add(Who(env));
        audit.Subcommands.Add(Search(env));
        audit.Subcommands.Add(PublicKey(env));
        return audit;
    }

    private static Command Verify(CliEnvironment env)
    {
        var export = new Option<string?>("--export") { Description = "Verify an export file offline (with FILE.manifest.json beside it) instead of the database." };
        var witnessFile = new Option<string?>("--witness") { Description = "The audit witness file to compare with (default: CLAIMS_AUDIT_WITNESS or CLAIMS_HOME/audit-witness.log)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("verify", "Check the hash chain and signed checkpoints, and the database's newest checkpoint against the witness; exit 1 naming the first problem.") { export, witnessFile, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            AuditVerification result;
            AuditWitnessResult? witness = null;
            string where;
            string? witnessPath = null;
            if (parse.GetValue(export) is { } file)
            {
                var (verification, manifest) = await AuditExportVerifier.VerifyAsync(Path.GetFullPath(file), token);
                result = verification;
                where = manifest is null ? "export" : $"export ({manifest.Format}, {(manifest.Complete ? "complete" : "filtered: " + manifest.Filter)}), signed by key {manifest.KeyId} fingerprint {manifest.KeyFingerprint}";
            }
            else
            {
                await using var db = await env.OpenDatabaseAsync(token);
                result = await AuditVerifier.VerifyAsync(db, env.KeyRing, token);
                where = "database";
                // The chain alone cannot show a tail removed with its checkpoints; the witness outside the database can.
                witnessPath = parse.GetValue(witnessFile) is { } w ? Path.GetFullPath(w) : AuditWitnessOptions.Resolve(env.Home).Path;
                witness = await AuditWitnessCheck.CompareAsync(db, env.KeyRing, witnessPath, token);
            }

            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new
                {
                    intact = result.Intact && witness?.IsFailure != true, entries = result.Entries, headHash = result.HeadHash, lastCheckpoint = result.LastCheckpoint?.Sequence, problem = result.Problem, source = where,
                    witness = witness is null ? null : new { state = witness.State.ToString(), message = witness.Message, path = witnessPath, witnessSequence = witness.WitnessSequence, databaseSequence = witness.DatabaseSequence },
                });
            }
            else if (result.Intact)
            {
                var checkpoint = result.LastCheckpoint is { } c ? $"last checkpoint at entry {c.Sequence} ({c.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, key {c.KeyId})" : "signature verified";
                await env.Out.WriteLineAsync($"{result.Entries} entries, chain intact, {checkpoint}. Source: {where}.");
                if (witness?.State == AuditWitnessState.Agrees) await env.Out.WriteLineAsync($"Witness: {witness.Message} ({witnessPath}).");
            }
            if (result.Problem is { } p)
            {
                await env.Error.WriteLineAsync($"error: audit trail {p.Kind} at sequence {p.Sequence}: {p.Message} (source: {where})");
                return ExitCodes.DomainFailure;
            }
            if (witness is { IsFailure: true })
            {
                await env.Error.WriteLineAsync($"error: audit witness {witness.State.ToString().ToLowerInvariant()}: {witness.Message} (witness: {witnessPath})");
                return ExitCodes.DomainFailure;
            }
            if (witness is { IsWarning: true }) await env.Error.WriteLineAsync($"warning: audit witness: {witness.Message}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Export(CliEnvironment env)
    {
        var format = new Option<string>("--format") { Description = "csv, ndjson or fhir (a Bundle of AuditEvent).", Required = true };
        format.AcceptOnlyFromAmong("csv", "ndjson", "fhir");
        var output = new Option<string>("--out") { Description = "The export file; its signed manifest is written beside it as FILE.manifest.json.", Required = true };
        var (from, to, user, patient, claim, action) = Filters();
        var command = new Command("export", "Export the trail (all, or filtered) with a signed manifest.") { format, output, from, to, user, patient, claim, action };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var query = await QueryAsync(db, parse, from, to, user, patient, claim, action, token);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var kind = Enum.Parse<AuditExportFormat>(parse.GetValue(format)!, ignoreCase: true);
            var manifest = await AuditExporter.ExportAsync(db, env.KeyRing, query, kind, path, env.ActorId, "Auditor", env.Time, token);
            await env.Out.WriteLineAsync($"Exported {manifest.Count} entries ({manifest.FirstSequence}..{manifest.LastSequence}) to {path}; manifest {AuditManifest.ManifestPath(path)}, chain head {manifest.ChainHeadHash[..16]}... at entry {manifest.ChainLength}, key fingerprint {manifest.KeyFingerprint}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Who(CliEnvironment env)
    {
        var patient = new Option<string>("--patient") { Description = "Patient id (GUID) or pseudonym.", Required = true };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("who", "Who accessed a patient's data, when, why and how.") { patient, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            // A shell keeps its history: only a pseudonym or id is accepted here, never an MRN.
            var rows = await new AuditSearches(db).WhoAccessedAsync(env.As(ClaimRole.Auditor), parse.GetValue(patient)!, allowPhi: false, token);
            await WriteEntriesAsync(env, rows, parse.GetValue(json));
            env.Console.WriteLine($"{rows.Count} access(es) to patient {(rows.Count > 0 ? rows[0].PatientPseudonym : parse.GetValue(patient))}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Search(CliEnvironment env)
    {
        var (from, to, user, patient, claim, action) = Filters();
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first.", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("search", "Search the trail, newest first, as the web page does; the search itself is recorded.") { from, to, user, patient, claim, action, limit, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var filter = new AuditSearchFilter(
                Instant(parse.GetValue(from), endOfDay: false),
                Instant(parse.GetValue(to), endOfDay: true),
                parse.GetValue(user),
                parse.GetValue(patient),
                parse.GetValue(claim) is { } c ? (await ClaimLookup.FindAsync(db, c, token)).Id.ToString() : null,
                ParseAction(parse.GetValue(action)));
            var result = await new AuditSearches(db).SearchAsync(env.As(ClaimRole.Auditor), filter, allowPhi: false, Math.Clamp(parse.GetValue(limit), 1, 10_000), token);
            if (result.PatientNotFound) throw new NotFoundException("No patient has that id or pseudonym.");
            await WriteEntriesAsync(env, result.Entries, parse.GetValue(json));
            if (!parse.GetValue(json)) env.Console.WriteLine($"{result.Total} matching entr{(result.Total == 1 ? "y" : "ies")}, showing {result.Entries.Count}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task WriteEntriesAsync(CliEnvironment env, IReadOnlyList<AuditEntry> entries, bool json)
    {
        if (json)
        {
            await Json.WriteAsync(env.Out, entries.Select(e => new { e.Sequence, e.Time, e.ActorId, e.ActorRole, e.Action, e.EntityType, e.EntityId, e.PatientPseudonym, e.PurposeOfUse, e.Outcome, e.SourceAddress }));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "When (UTC)", "Who", "Role", "Action", "What", "Purpose", "Outcome");
        foreach (var r in entries)
        {
            table.AddRow(r.Sequence.ToString(CultureInfo.InvariantCulture), r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(r.ActorId), r.ActorRole,
                r.Action.ToString(), Markup.Escape($"{r.EntityType} {r.EntityId}"), r.PurposeOfUse, r.Outcome.ToString());
        }
        env.Console.Write(table);
    }

    private static Command PublicKey(CliEnvironment env)
    {
        var command = new Command("public-key", "Print the audit signing public key (PEM) and its fingerprint, to check exports against.");
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var id = env.KeyRing.AuditSigningKeyId;
            var der = env.KeyRing.AuditPublicKey(id);
            await env.Out.WriteLineAsync($"key {id}, fingerprint {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(der))[..16]}");
            await env.Out.WriteLineAsync(System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", der));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static (Option<string?> From, Option<string?> To, Option<string?> User, Option<string?> Patient, Option<string?> Claim, Option<string?> Action) Filters() =>
    (
        new Option<string?>("--from") { Description = "From this UTC date or time (ISO 8601)." },
        new Option<string?>("--to") { Description = "Up to this UTC date or time (ISO 8601; a date means the whole day)." },
        new Option<string?>("--user") { Description = "Only this actor id (e.g. coder@demo.claims.local, cli:root)." },
        new Option<string?>("--patient") { Description = "Only entries about this patient (id or pseudonym)." },
        new Option<string?>("--claim") { Description = "Only entries about this claim (id or control number)." },
        new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", Enum.GetNames<AuditAction>())}." }
    );

    private static async Task<AuditQuery> QueryAsync(ClaimsDbContext db, ParseResult parse, Option<string?> from, Option<string?> to, Option<string?> user,
        Option<string?> patient, Option<string?> claim, Option<string?> action, CancellationToken ct)
    {
        string? claimId = null;
        if (parse.GetValue(claim) is { } c) claimId = (await ClaimLookup.FindAsync(db, c, ct)).Id.ToString();
        return new AuditQuery(
            Instant(parse.GetValue(from), endOfDay: false),
            Instant(parse.GetValue(to), endOfDay: true),
            parse.GetValue(user),
            parse.GetValue(patient) is { } p ? await new AuditSearches(db).FindPatientAsync(p, allowPhi: false, ct) ?? throw new NotFoundException($"No patient {p}.") : null,
            claimId,
            ParseAction(parse.GetValue(action)));
    }

    private static DateTimeOffset? Instant(string? text, bool endOfDay)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new UsageException($"'{text}' is not an ISO 8601 date or time.");
    }

    private static AuditAction? ParseAction(string? text) =>
        text is null ? null : Enum.TryParse<AuditAction>(text, true, out var parsed) ? parsed : throw new UsageException($"Unknown action '{text}'.");
}

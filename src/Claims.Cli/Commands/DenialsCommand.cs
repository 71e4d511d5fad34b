using System.CommandLine;
using System.Globalization;
using Claims.Denials;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims denials list|show|take|release|correct|void|appeal|write-off|bulk-write-off|pending|approve|refuse|rules|analytics</c>:
/// the denial worklist and its acts, through the same use cases as the Denials pages.
/// </summary>
internal static class DenialsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("denials", "The denial worklist: codes in words, category, next action, deadline; correct, void, appeal, write off.");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Take(env));
        command.Subcommands.Add(Release(env));
        command.Subcommands.Add(Correct(env));
        command.Subcommands.Add(Void(env));
        command.Subcommands.Add(Appeal(env));
        command.Subcommands.Add(WriteOff(env));
        command.Subcommands.Add(BulkWriteOff(env));
        command.Subcommands.Add(Pending(env));
        command.Subcommands.Add(Decide(env, "approve", approve: true));
        command.Subcommands.Add(Decide(env, "refuse", approve: false));
        command.Subcommands.Add(Rules(env));
        command.Subcommands.Add(Analytics(env));
        return command;
    }

    internal static DenialSettings Settings => DenialSettings.From(key => Environment.GetEnvironmentVariable("CLAIMS_" + key.Replace(":", "__", StringComparison.Ordinal)) ?? Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal)));

    private static Command List(CliEnvironment env)
    {
        var clinic = new Option<Guid?>("--clinic") { Description = "Only this clinic's claims (id)." };
        var payer = new Option<Guid?>("--payer") { Description = "Only this payer's claims (id)." };
        var category = new Option<string?>("--category") { Description = "Eligibility, Authorization, Coding, MedicalNecessity, Bundling, Duplicate, TimelyFiling, CoordinationOfBenefits, Contractual, PatientResponsibility, MissingInformation, Unclassified." };
        var carc = new Option<string?>("--carc") { Description = "Only claims with this CARC, e.g. 50." };
        var coder = new Option<string?>("--coder") { Description = "Only claims coded by this user." };
        var due = new Option<int?>("--due-within") { Description = "Only claims whose deadline is within N days (missed included)." };
        var min = new Option<decimal?>("--min-amount") { Description = "Only claims with at least this much at stake (dollars)." };
        var sort = new Option<string>("--sort") { Description = "deadline (default) or amount.", DefaultValueFactory = _ => "deadline" };
        var after = new Option<string?>("--after") { Description = "The cursor of the previous page." };
        var take = new Option<int>("--take") { Description = "Page size.", DefaultValueFactory = _ => DenialWorklist.PageSize };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "Denied and partly paid claims with codes, category, amount at stake, next action and deadline.") { clinic, payer, category, carc, coder, due, min, sort, after, take, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var order = parse.GetValue(sort) switch
            {
                "deadline" => DenialWorklistOrder.Deadline,
                "amount" => DenialWorklistOrder.Amount,
                var other => throw new UsageException($"--sort is deadline or amount (got {other})."),
            };
            DenialCategory? cat = parse.GetValue(category) is { } c ? Enum.TryParse<DenialCategory>(c, true, out var parsed) ? parsed : throw new UsageException($"Unknown category {c}.") : null;
            var filter = new DenialWorklistFilter
            {
                ClinicId = parse.GetValue(clinic), PayerId = parse.GetValue(payer), Category = cat, Carc = parse.GetValue(carc), Coder = parse.GetValue(coder),
                DueWithinDays = parse.GetValue(due), MinAmountCents = parse.GetValue(min) is { } m ? (long)(m * 100) : null, Order = order, After = parse.GetValue(after),
            };
            if (parse.GetValue(take) < 1) throw new UsageException("--take is 1 or more.");
            await using var db = await env.OpenDatabaseAsync(token);
            var page = await new DenialWorklist(db, env.Time).QueryAsync(filter, env.As(ClaimRole.Biller), parse.GetValue(take), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { page.Total, totalAmount = page.TotalAmountCents / 100m, page.DueSoon, page.NextCursor, rows = page.Rows.Select(View) });
                return ExitCodes.Ok;
            }
            foreach (var d in page.Rows) await env.Out.WriteLineAsync(Line(d));
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{page.Rows.Count} of {page.Total} denial(s), {page.TotalAmountCents / 100m:0.00} at stake, {page.DueSoon} due within {DenialWorklist.SoonDays} days.{(page.NextCursor is null ? "" : " Next page: --after " + page.NextCursor)}"));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("show", "One claim's denial: every refused code in words, the rule that routes it, deadline, appeals.") { claim, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var denial = await new DenialWorklist(db, env.Time).ShowAsync(id, env.As(ClaimRole.Biller), token) ?? throw new DomainValidationException("The claim has no payer: nothing was denied.");
            var appeals = await new Appeals(db, env.Time).ListAsync(id, cancellationToken: token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { denial = View(denial), appeals });
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync(Line(denial));
            foreach (var code in denial.Codes)
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {(code.LineNumber is { } l ? $"line {l}" : "claim"),-7} {code.Label,-14} {code.AmountCents / 100m,10:0.00}  {code.Words}"));
                foreach (var r in code.RarcWords) await env.Out.WriteLineAsync($"                         {r}");
                await env.Out.WriteLineAsync($"                         -> {DenialWords.Of(code.Verdict.Category)}, {DenialWords.Of(code.Verdict.NextAction)}{(code.Verdict.Appealable ? "" : ", not appealable")} ({code.Verdict.RuleSource} rule): {code.Verdict.Note}");
            }
            if (denial.Codes.Count == 0) await env.Out.WriteLineAsync("  No remittance codes on file.");
            foreach (var a in appeals) await env.Out.WriteLineAsync($"  appeal {a.Id} level {a.Level} {a.Status}{(a.Outcome is { } o ? " " + o : "")} deadline {a.Deadline:yyyy-MM-dd}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Take(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number, or 'next' for the most urgent free one." };
        var command = new Command("take", "Lease a denial for 30 minutes so no other biller works it.") { claim };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var assignments = new DenialAssignments(db, env.Time);
            var text = parse.GetValue(claim)!;
            Guid? id = text == "next" ? await assignments.TakeNextAsync(new DenialWorklistFilter(), env.As(ClaimRole.Biller), token) : await ClaimLookup.IdAsync(db, text, token);
            if (id is null)
            {
                await env.Out.WriteLineAsync("No free denial to take.");
                return ExitCodes.Ok;
            }
            if (text != "next") await assignments.TakeAsync(id.Value, env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {id} is yours for {DenialAssignments.Lease.TotalMinutes:0} minutes.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Release(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var command = new Command("release", "Give a denial back to the worklist.") { claim };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            await new DenialAssignments(db, env.Time).ReleaseAsync(id, env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {id} is back in the worklist.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Correct(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var reason = new Option<string?>("--reason") { Description = "What to correct (PHI-free: it is kept in the claim's history)." };
        var command = new Command("correct", "Send the claim back to coding, to go out again as a replacement (frequency 7, REF*F8).") { claim, reason };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var done = await new DenialActions(db, env.Time, Settings).CorrectAsync(id, parse.GetValue(reason), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {done.ControlNumber.Value} is back in Coding; it will go out as a replacement of payer claim {done.PayerClaimNumber}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Void(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var reason = new Option<string>("--reason") { Description = "Why (PHI-free).", Required = true };
        var command = new Command("void", "Void the claim; the next 'claims submit' sends it as frequency 8 with REF*F8.") { claim, reason };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var done = await new DenialActions(db, env.Time, Settings).VoidAsync(id, parse.GetValue(reason), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Claim {done.ControlNumber.Value} is Voided; 'claims submit' sends the void (frequency 8) of payer claim {done.PayerClaimNumber}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Appeal(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var argument = new Option<string>("--argument") { Description = "Why the denial is wrong (stored encrypted).", Required = true };
        var attach = new Option<string[]>("--attach") { Description = "A file to enclose (repeatable; stored encrypted).", AllowMultipleArgumentsPerToken = true };
        var send = new Option<bool>("--send") { Description = "Mark it sent at once (the claim moves to Appealed)." };
        var command = new Command("appeal", "Draft the claim's next-level appeal (refused when the code is not appealable or the window closed).") { claim, argument, attach, send };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var files = parse.GetValue(attach) ?? [];
            foreach (var f in files) if (!File.Exists(f)) throw new UsageException($"No such file: {f}");
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var appeals = new Appeals(db, env.Time);
            var appeal = await appeals.DraftAsync(id, parse.GetValue(argument), env.As(ClaimRole.Biller), token);
            foreach (var f in files)
                await appeals.AttachAsync(appeal.Id, Path.GetFileName(f), ContentType(f), await File.ReadAllBytesAsync(f, token), env.As(ClaimRole.Biller), token);
            if (parse.GetValue(send)) await appeals.SendAsync(appeal.Id, env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync($"Appeal {appeal.Id} level {appeal.Level} {(parse.GetValue(send) ? "sent" : "drafted")}; file by {appeal.Deadline:yyyy-MM-dd}. Letter: claims appeals letter {appeal.Id} --out FILE");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command WriteOff(CliEnvironment env)
    {
        var claim = new Argument<string>("claim") { Description = "Claim id or control number." };
        var reason = new Option<string>("--reason") { Description = "Why (PHI-free).", Required = true };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("write-off", "Write off the open payer balance under the denial's CARC and close the claim (above the limit: an admin approves).") { claim, reason, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var id = await ClaimLookup.IdAsync(db, parse.GetValue(claim)!, token);
            var result = await new DenialActions(db, env.Time, Settings).WriteOffAsync(id, parse.GetValue(reason), env.As(ClaimRole.Biller), token);
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, result);
            else if (result.PendingApproval) await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.AmountCents / 100m:0.00} is above the approval limit: request {result.RequestId} waits for an admin (claims denials approve {result.RequestId})."));
            else await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote off {result.AmountCents / 100m:0.00} as {result.Group}-{result.Carc}; the claim is Closed."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command BulkWriteOff(CliEnvironment env)
    {
        var claims = new Argument<string[]>("claims") { Description = "Claim ids or control numbers.", Arity = ArgumentArity.OneOrMore };
        var reason = new Option<string>("--reason") { Description = "Why (PHI-free).", Required = true };
        var command = new Command("bulk-write-off", "Write off contractual balances (every refused code contractual, within the approval limit); others are skipped and named.") { claims, reason };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var ids = new List<Guid>();
            foreach (var c in parse.GetValue(claims)!) ids.Add(await ClaimLookup.IdAsync(db, c, token));
            var result = await new DenialActions(db, env.Time, Settings).BulkWriteOffContractualAsync(ids, parse.GetValue(reason), env.As(ClaimRole.Biller), token);
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote off {result.WrittenOff.Count} claim(s), {result.WrittenOff.Sum(w => w.AmountCents) / 100m:0.00} in all."));
            foreach (var s in result.Skipped) await env.Out.WriteLineAsync("  skipped " + s);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Pending(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("pending", "Write-offs waiting for an admin's approval.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var pending = await new DenialActions(db, env.Time, Settings).PendingAsync(token);
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, pending);
            else foreach (var p in pending) await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{p.Id} {p.ControlNumber} {p.AmountCents / 100m:0.00} {p.Group}-{p.Carc} by {p.RequestedBy} {p.RequestedAt:yyyy-MM-dd}: {p.Reason}"));
            if (pending.Count == 0 && !parse.GetValue(json)) await env.Out.WriteLineAsync("No write-off waits for approval.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Decide(CliEnvironment env, string name, bool approve)
    {
        var request = new Argument<Guid>("request") { Description = "The write-off request's id." };
        var command = new Command(name, approve ? "Approve a waiting write-off (as admin): written off and closed now." : "Refuse a waiting write-off (as admin).") { request };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var actions = new DenialActions(db, env.Time, Settings);
            if (approve)
            {
                var done = await actions.ApproveWriteOffAsync(parse.GetValue(request), env.As(ClaimRole.Admin), token);
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Approved: {done.AmountCents / 100m:0.00} written off as {done.Group}-{done.Carc}; the claim is Closed."));
            }
            else
            {
                await actions.RefuseWriteOffAsync(parse.GetValue(request), env.As(ClaimRole.Admin), token);
                await env.Out.WriteLineAsync("Refused; the claim stays in the worklist.");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Rules(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("rules", "The denial rules in force (shipped and an admin's), group + CARC (+ RARC) -> category, action, appealable.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var rules = await new DenialRules(db, env.Time).ListAsync(token);
            var payers = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, token);
            var rows = rules.Select(r => new { payer = r.PayerId is { } p ? payers.GetValueOrDefault(p) : r.PayerKind == DenialRule.Medicare ? "Medicare" : "*", r.Group, r.Carc, r.Rarc, r.Category, r.NextAction, r.Appealable, r.AppealWindowDays, r.ScrubberEdit, source = r.IsShipped ? "shipped" : "admin", r.Note }).ToList();
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, rows);
            else foreach (var r in rows) await env.Out.WriteLineAsync($"{r.source,-7} {r.payer,-12} {r.Group}-{r.Carc}{(r.Rarc is null ? "" : "/" + r.Rarc),-8} {r.Category,-22} {r.NextAction,-18} {(r.Appealable ? "appealable" : "final")}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Analytics(CliEnvironment env)
    {
        var months = new Option<int>("--months") { Description = "How many months back.", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("analytics", "Denial rate, dollars denied/recovered/written off, overturn rate, denials by coder and scrubber edit.") { months, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var report = await new DenialAnalytics(db, env.Time).ComputeAsync(env.As(ClaimRole.Biller), parse.GetValue(months), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, report);
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Months[0]}..{report.Months[^1]}: {report.Denied} of {report.Adjudicated} claims denied at first adjudication ({report.DenialRate}%)."));
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Denied {report.DeniedCents / 100m:0.00}, recovered {report.RecoveredCents / 100m:0.00}, written off {report.WrittenOffCents / 100m:0.00}; appeals overturned {report.AppealsOverturned} of {report.AppealsDecided} ({report.OverturnRate}%)."));
            foreach (var t in report.ByCoder) await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  coder {t.Source}: {t.Claims} denial(s), {t.Cents / 100m:0.00}"));
            foreach (var t in report.ByScrubberEdit) await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  edit {t.Source}: {t.Claims} denial(s), {t.Cents / 100m:0.00}"));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };

    private static string Line(ClaimDenial d) => string.Create(CultureInfo.InvariantCulture,
        $"{d.ControlNumber} {ClaimStates.Words(d.State),-14} {d.Payer,-30} {d.Primary?.Label ?? "(no codes)",-14} {DenialWords.Of(d.Category),-24} {DenialWords.Of(d.NextAction),-20} {d.AmountCents / 100m,9:0.00}  {(d.Deadline is { } dl ? $"{dl:yyyy-MM-dd} ({(d.DeadlineMissed ? "missed " + -d.DaysLeft!.Value + "d ago" : d.DaysLeft + "d left")})" : "no deadline")}{(d.AssignedTo is null ? "" : " held by " + d.AssignedTo)}");

    private static object View(ClaimDenial d) => new
    {
        d.ClaimId, d.ControlNumber, d.State, d.Clinic, d.Payer, d.Patient, d.ServiceFrom, d.PayerClaimNumber, d.RemittanceDate,
        primary = d.Primary?.Label, category = d.Category, nextAction = d.NextAction, d.Appealable, amount = d.AmountCents / 100m,
        d.Deadline, d.DeadlineKind, d.DaysLeft, d.DeadlineMissed, d.Coder, d.NextAppealLevel, d.AssignedTo,
        codes = d.Codes.Select(c => new { c.LineNumber, c.Group, c.Carc, c.Rarcs, amount = c.AmountCents / 100m, c.Words, c.RarcWords, category = c.Verdict.Category, action = c.Verdict.NextAction, c.Verdict.Appealable, rule = c.Verdict.RuleSource, c.Verdict.ScrubberEdit }),
    };
}

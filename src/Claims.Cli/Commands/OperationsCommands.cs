using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Productivity;
using Claims.Operations.Qa;

namespace Claims.Cli.Commands;

/// <summary><c>claims contracts show|set</c>: client contracts (SLA targets, business calendar, fee model), through <see cref="ClientContracts"/>.</summary>
internal static class ContractsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("contracts", "Client contracts: SLA targets, business calendar, fee model.");
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Set(env));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var clinic = new Option<string?>("--clinic") { Description = "One clinic (id or name); default: every clinic." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("show", "Show clinics' contracts (defaults where none is set).") { clinic, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var contracts = new ClientContracts(db, env.Time);
            IReadOnlyList<ClientContractView> views = parse.GetValue(clinic) is { } one
                ? [await contracts.GetAsync((await new ClinicDirectory(db).FindAsync(one, token)).Id, token)]
                : await contracts.ListAsync(token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, views.Select(Shape));
                return ExitCodes.Ok;
            }
            foreach (var v in views) await env.Out.WriteLineAsync(Describe(v));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var clinic = new Argument<string>("clinic") { Description = "The clinic's id or name." };
        var coding = new Option<int?>("--coding-hours") { Description = "Coding turnaround, business hours from receipt." };
        var submission = new Option<int?>("--submission-days") { Description = "Submission within N days of the date of service." };
        var rejections = new Option<int?>("--rejection-hours") { Description = "Rejections fixed within N business hours." };
        var denials = new Option<int?>("--denial-days") { Description = "Denials worked within N days." };
        var zone = new Option<string?>("--time-zone") { Description = "The client's IANA time zone (America/Chicago)." };
        var hours = new Option<string?>("--hours") { Description = "Office hours, HH:mm-HH:mm (08:00-17:00)." };
        var days = new Option<string?>("--days") { Description = "Working days, comma-separated (Mon,Tue,Wed,Thu,Fri)." };
        var holidays = new Option<string?>("--holidays") { Description = "Holidays, comma-separated ISO dates (replaces the list; \"\" clears it)." };
        var fee = new Option<string?>("--fee") { Description = "percent:5.5 (of collections) or per-claim:4.50 (dollars)." };
        var command = new Command("set", "Set a clinic's contract; options not given keep their current value.") { clinic, coding, submission, rejections, denials, zone, hours, days, holidays, fee };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var found = await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token);
            var contracts = new ClientContracts(db, env.Time);
            var terms = (await contracts.GetAsync(found.Id, token)).Contract.Terms;
            terms = terms with
            {
                CodingTurnaroundHours = parse.GetValue(coding) ?? terms.CodingTurnaroundHours,
                SubmissionDays = parse.GetValue(submission) ?? terms.SubmissionDays,
                RejectionFixHours = parse.GetValue(rejections) ?? terms.RejectionFixHours,
                DenialWorkDays = parse.GetValue(denials) ?? terms.DenialWorkDays,
                TimeZoneId = parse.GetValue(zone) ?? terms.TimeZoneId,
            };
            if (parse.GetValue(hours) is { } h)
            {
                var parts = h.Split('-');
                if (parts.Length != 2 || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
                    || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes))
                {
                    throw new UsageException("--hours is HH:mm-HH:mm, e.g. 08:00-17:00.");
                }
                terms = terms with { Opens = opens, Closes = closes };
            }
            if (parse.GetValue(days) is { } d) terms = terms with { WorkDays = [.. d.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ClientContract.ParseDay)] };
            if (parse.GetValue(holidays) is { } list)
            {
                terms = terms with
                {
                    Holidays = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x =>
                        DateOnly.TryParseExact(x, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : throw new UsageException($"'{x}' is not a date (yyyy-MM-dd)."))],
                };
            }
            if (parse.GetValue(fee) is { } f) terms = ParseFee(f, terms);
            var saved = await contracts.SetAsync(found.Id, terms, env.As(ClaimRole.Admin), token);
            await env.Out.WriteLineAsync(Describe(new ClientContractView(found.Id, found.Name, saved, false)));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static ContractTerms ParseFee(string text, ContractTerms terms)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            if (parts[0].Equals("percent", StringComparison.OrdinalIgnoreCase)) return terms with { FeeModel = FeeModel.Percentage, FeePercentBasisPoints = (int)Math.Round(value * 100m), FeePerClaimCents = 0 };
            if (parts[0].Equals("per-claim", StringComparison.OrdinalIgnoreCase)) return terms with { FeeModel = FeeModel.PerClaim, FeePerClaimCents = (long)Math.Round(value * 100m), FeePercentBasisPoints = 0 };
        }
        throw new UsageException("--fee is percent:N (e.g. percent:5.5) or per-claim:D (e.g. per-claim:4.50).");
    }

    private static object Shape(ClientContractView v) => new
    {
        clinicId = v.ClinicId, clinic = v.Clinic, isDefault = v.IsDefault,
        codingTurnaroundHours = v.Contract.CodingTurnaroundHours, submissionDays = v.Contract.SubmissionDays,
        rejectionFixHours = v.Contract.RejectionFixHours, denialWorkDays = v.Contract.DenialWorkDays,
        timeZone = v.Contract.TimeZoneId, opens = v.Contract.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), closes = v.Contract.Closes.ToString("HH:mm", CultureInfo.InvariantCulture),
        workDays = v.Contract.WorkDays.Select(d => d.ToString()), holidays = v.Contract.Holidays,
        feeModel = v.Contract.FeeModel, feePercentBasisPoints = v.Contract.FeePercentBasisPoints, feePerClaimCents = v.Contract.FeePerClaimCents,
    };

    private static string Describe(ClientContractView v)
    {
        var c = v.Contract;
        var fee = c.FeeModel == FeeModel.Percentage
            ? string.Create(CultureInfo.InvariantCulture, $"{c.FeePercentBasisPoints / 100m:0.##}% of collections")
            : string.Create(CultureInfo.InvariantCulture, $"{c.FeePerClaimCents / 100m:0.00} per claim");
        return string.Create(CultureInfo.InvariantCulture,
            $"{v.Clinic} ({v.ClinicId}){(v.IsDefault ? " [default terms]" : "")}\n  coding {c.CodingTurnaroundHours} business h; submission {c.SubmissionDays} d after service; rejections {c.RejectionFixHours} business h; denials {c.DenialWorkDays} d\n  {c.TimeZoneId} {c.Opens:HH:mm}-{c.Closes:HH:mm} {c.WorkDayList}; {c.Holidays.Count} holiday(s); fee {fee}");
    }
}

/// <summary><c>claims productivity [--coder ID] [--week DATE] [--json]</c>: coder productivity for a week, by day (<see cref="CoderProductivity"/>).</summary>
internal static class ProductivityCommand
{
    public static Command Create(CliEnvironment env)
    {
        var coder = new Option<string?>("--coder") { Description = "One coder (user name); default: every coder." };
        var week = new Option<string?>("--week") { Description = "Any day of the week (yyyy-MM-dd); default: this week." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("productivity", "Claims coded per active hour, first-pass rate, suggestion acceptance, coding denials: per coder and team, by day.") { coder, week, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var day = parse.GetValue(week) is { } w
                ? DateOnly.TryParseExact(w, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException("--week is a date, yyyy-MM-dd.")
                : DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime);
            var monday = QaSampling.WeekOf(day);
            await using var db = await env.OpenDatabaseAsync(token);
            var report = await new CoderProductivity(db).ReadAsync(env.As(ClaimRole.Manager), monday, monday.AddDays(6), ProductivityGrain.Day, parse.GetValue(coder), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, report);
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync($"Week of {monday:yyyy-MM-dd}: day, coder, coded, active h, per h, first pass, suggestions accepted, coding denials");
            foreach (var r in report.Coders.Concat(report.Team).OrderBy(r => r.Period).ThenBy(r => r.Coder == "team").ThenBy(r => r.Coder, StringComparer.Ordinal))
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Period:yyyy-MM-dd}  {r.Coder,-28} {r.ClaimsCoded,4} {r.ActiveHours,7:0.00} {(r.ClaimsPerHour is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "-"),5}  {r.FirstPassed}/{r.FirstCompleted}  {r.SuggestionsAccepted}/{r.SuggestionsJudged}  {r.CodingDenials}"));
            }
            if (report.Coders.Count == 0) await env.Out.WriteLineAsync("No coding that week.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

/// <summary><c>claims qa sample|list</c>: draw a week's QA samples and list samples and results (<see cref="QaSampling"/>, <see cref="QaReviews"/>).</summary>
internal static class QaCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("qa", "Coding QA: weekly samples and code-over-code review results.");
        command.Subcommands.Add(Sample(env));
        command.Subcommands.Add(List(env));
        return command;
    }

    private static Command Sample(CliEnvironment env)
    {
        var week = new Option<string?>("--week") { Description = "Any day of the week to draw (yyyy-MM-dd); default: last week." };
        var percent = new Option<int>("--percent") { Description = "Random share of each coder's claims.", DefaultValueFactory = _ => QaRules.Default.RandomPercent };
        var probation = new Option<int>("--new-coder-claims") { Description = "Reviews at 95%+ before a coder leaves 100% review.", DefaultValueFactory = _ => QaRules.Default.NewCoderClaims };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("sample", "Draw a week's samples: random N% per coder (fixed seed per week), all of a new coder's, every coding denial.") { week, percent, probation, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var day = parse.GetValue(week) is { } w
                ? DateOnly.TryParseExact(w, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException("--week is a date, yyyy-MM-dd.")
                : DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime).AddDays(-7);
            await using var db = await env.OpenDatabaseAsync(token);
            var rules = QaRules.Default with { RandomPercent = parse.GetValue(percent), NewCoderClaims = parse.GetValue(probation) };
            var result = await new QaSampling(db, env.Time).DrawAsync(day, rules, env.As(ClaimRole.Admin), token);
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, result);
            else await env.Out.WriteLineAsync($"Week of {result.WeekOf:yyyy-MM-dd}: {result.Total} new sample(s): {result.Random} random, {result.NewCoder} new-coder, {result.Targeted} targeted.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var coder = new Option<string?>("--coder") { Description = "One coder's samples." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("list", "Samples (newest first) and QA results per coder and client.") { coder, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var reviews = new QaReviews(db, env.Time);
            var caller = env.As(ClaimRole.Admin);
            var samples = await reviews.ListAsync(caller, null, parse.GetValue(coder), 200, token);
            var results = await reviews.ResultsAsync(caller, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { samples, results });
                return ExitCodes.Ok;
            }
            foreach (var s in samples)
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Id} {s.ControlNumber} {s.WeekOf:yyyy-MM-dd} {s.CoderId} {s.Reason}{(s.Detail is null ? "" : " " + s.Detail)} {(s.AccuracyBasisPoints is { } a ? $"{a / 100m:0.00}% by {s.ReviewerId}" : "not reviewed")}"));
            }
            foreach (var r in results.ByCoder.Concat(results.ByClient))
            {
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{r.Name}: {r.Reviewed} reviewed, average {r.AverageBasisPoints / 100m:0.00}%, {r.AtTarget} at 95% or better"));
            }
            if (samples.Count == 0) await env.Out.WriteLineAsync("No samples.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

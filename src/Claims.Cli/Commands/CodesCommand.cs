using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Coding;
using Spectre.Console;

namespace Claims.Cli.Commands;

/// <summary><c>claims codes ...</c>: lookup, search, suggest, imports and a quick benchmark of the code sets.</summary>
internal static class CodesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("codes", "Code sets: look up, search and suggest ICD-10-CM / CPT / HCPCS codes; import newer or licensed files.")
        {
            Lookup(env), Search(env), Suggest(env), Info(env),
            ImportIcd10Cm(env), ImportNcci(env), ImportMue(env), ImportCpt(env), Bench(env),
        };
        foreach (var sub in ClaimCodingCommands.Create(env)) command.Subcommands.Add(sub);
        return command;
    }


    private static Command Lookup(CliEnvironment env)
    {
        var code = new Argument<string>("code") { Description = "An ICD-10-CM (J20.9), CPT (99213) or HCPCS (J1100) code, or a modifier." };
        var date = new Option<string?>("--date") { Description = "Date of service (YYYY-MM-DD): which ICD-10-CM year to read (default: the newest)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("lookup", "Show one code: billable or header, description, Excludes1, 7th characters, sex/age edits.") { code, date, json };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var sets = env.CodeSets;
            var text = parse.GetValue(code)!.Trim().ToUpperInvariant();
            var when = parse.GetValue(date) is { } d ? CliArguments.ParseDate(d) : (DateOnly?)null;
            var icd = when is { } w ? sets.Icd10Cm.ForDate(w) : sets.Icd10Cm.Latest;
            object view;
            if (icd.Find(text) is { } entry)
            {
                var children = icd.WithPrefix(entry.Code).Count() - 1;
                view = new
                {
                    system = "ICD-10-CM",
                    codeSet = icd.Info.ToString(),
                    code = entry.Display,
                    description = entry.Description,
                    billable = entry.Billable,
                    kind = entry.Billable ? "billable" : $"header ({children} codes below; not billable)",
                    excludes1 = icd.Excludes1For(entry.Code).Select(n => $"{Display(n.OnCode)}: {n.Text}").ToArray(),
                    seventhCharacters = icd.SeventhCharacters(entry.Code).Select(s => $"{s.Char}: {s.Definition}").ToArray(),
                    inclusionTerms = icd.InclusionTerms(entry.Code),
                    medicareCodeEdits = sets.Mce.EditsFor(entry.Code).ToString(),
                };
            }
            else if (sets.Hcpcs.Codes.TryGetValue(text, out var h))
                view = new { system = "HCPCS", codeSet = sets.Hcpcs.Info.ToString(), code = h.Code, description = h.LongDescription, billable = true, kind = "HCPCS Level II code", mue = sets.Mue.Limits.GetValueOrDefault(text) };
            else if (sets.Cpt.Codes.TryGetValue(text, out var cpt))
                view = new { system = "CPT", codeSet = sets.Cpt.Info.ToString(), code = text, description = cpt.Label, billable = true, kind = sets.Cpt.Licensed ? "CPT (licensed file)" : "CPT (Claims label, not the AMA text)", mue = sets.Mue.Limits.GetValueOrDefault(text) };
            else if (sets.Hcpcs.Modifiers.TryGetValue(text, out var m))
                view = new { system = "HCPCS modifier", codeSet = sets.Hcpcs.Info.ToString(), code = m.Code, description = m.LongDescription, billable = true, kind = "modifier" };
            else throw new NotFoundException($"{text} is not in {icd.Info}, HCPCS {sets.Hcpcs.Info.Version} or the CPT labels.");

            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, view);
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                foreach (var p in view.GetType().GetProperties())
                {
                    var value = p.GetValue(view);
                    var shown = value switch
                    {
                        null => "-",
                        string s => s,
                        IEnumerable<string> list => string.Join("\n", list) is { Length: > 0 } joined ? joined : "-",
                        _ => value.ToString() ?? "",
                    };
                    grid.AddRow(p.Name, Markup.Escape(shown));
                }
                env.Console.Write(grid);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Search(CliEnvironment env)
    {
        var query = new Argument<string>("text") { Description = "Words (misspellings are fine) or a code prefix." };
        var system = SystemOption();
        var take = new Option<int>("--take") { Description = "How many hits.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("search", "Search codes by words or code prefix.") { query, system, take, json };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var hits = env.CodeSets.Search.Find(parse.GetValue(query)!, ParseSystem(parse.GetValue(system)), parse.GetValue(take));
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, hits.Select(h => new { code = h.Code, description = h.Description, billable = h.Billable, score = h.Score }));
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Code", "Billable", "Description", "Score");
                foreach (var h in hits) table.AddRow(Markup.Escape(h.Code), h.Billable ? "yes" : "header", Markup.Escape(h.Description), h.Score.ToString("0.000", CultureInfo.InvariantCulture));
                env.Console.Write(table);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Suggest(CliEnvironment env)
    {
        var text = new Argument<string>("text") { Description = "A condition, procedure or vaccine as written (e.g. \"Acute bronchitis (disorder)\", \"Influenza, seasonal, injectable\")." };
        var snomed = new Option<string?>("--snomed") { Description = "The SNOMED CT concept id of the condition or procedure, when known." };
        var cvx = new Option<string?>("--cvx") { Description = "A CDC CVX vaccine code: answers the CPT vaccine product code and its administration code (90460/90471/90472)." };
        var age = new Option<int?>("--age") { Description = "The patient's age in years at the date of service (with --cvx: picks the product by age and 90460 under 19)." };
        var system = SystemOption();
        var take = new Option<int>("--take") { Description = "How many suggestions.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Machine output: [{code, description, score, evidence}]." };
        var command = new Command("suggest", "Suggest billable codes for a condition, procedure or vaccine, ranked, with evidence.") { text, snomed, cvx, age, system, take, json };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var words = parse.GetValue(text)!;
            var count = parse.GetValue(take);
            IReadOnlyList<CodeSuggestion> list;
            if (parse.GetValue(cvx) is { } vaccine)
            {
                list = VaccineCodes.Embedded.Suggest(vaccine, words, parse.GetValue(age), 0, env.CodeSets.Cpt).Take(count).ToList();
                if (list.Count == 0) throw new NotFoundException($"CVX {vaccine.Trim()} is not in the CVX to CPT map (Coding/Data/cvx-cpt.tsv).");
            }
            else if (parse.GetValue(system)?.ToLowerInvariant() == "procedure")
            {
                list = env.CodeSets.Search.SuggestProcedure(words, parse.GetValue(snomed), count);
            }
            else
            {
                list = env.CodeSets.Search.Suggest(words, parse.GetValue(snomed), ParseSystem(parse.GetValue(system)), count);
            }
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, list.Select(s => new { code = s.Code, description = s.Description, score = s.Score, evidence = s.Evidence }));
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Code", "Description", "Score", "Evidence");
                foreach (var s in list) table.AddRow(Markup.Escape(s.Code), Markup.Escape(s.Description), s.Score.ToString("0.000", CultureInfo.InvariantCulture), Markup.Escape(s.Evidence));
                env.Console.Write(table);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Info(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("info", "The loaded code sets with version, effective window and source.") { json };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var sets = env.CodeSets;
            var rows = sets.Describe().Select(i => new { name = i.Name, version = i.Version, from = i.EffectiveFrom, to = i.EffectiveTo, source = i.Source }).ToList();
            if (parse.GetValue(json)) await Json.WriteAsync(env.Out, rows);
            else foreach (var r in rows) await env.Out.WriteLineAsync($"{r.name} {r.version} {r.from:yyyy-MM-dd} {r.to:yyyy-MM-dd}  {r.source}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command ImportIcd10Cm(CliEnvironment env)
    {
        var order = new Argument<string>("order-file") { Description = "The CMS/CDC ICD-10-CM order file (icd10cm-order-YYYY.txt)." };
        var tabular = new Argument<string?>("tabular-xml") { Description = "The Tabular List XML of the same year (optional; .gz accepted).", Arity = ArgumentArity.ZeroOrOne };
        var year = new Option<int?>("--year") { Description = "Fiscal year (effective October 1 of the year before); default: from the file names." };
        var command = new Command("import-icd10cm", "Import a newer ICD-10-CM year into CLAIMS_HOME/codesets; claims use the year in force on their date of service.") { order, tabular, year };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var set = CodeSetStore.ForHome(env.Home).ImportIcd10Cm(Existing(parse.GetValue(order)!), parse.GetValue(tabular) is { } t ? Existing(t) : null, parse.GetValue(year));
            await env.Out.WriteLineAsync($"Imported {set.Info}: {set.Entries.Count} codes, {set.BillableCount} billable.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command ImportNcci(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "CMS practitioner PTP file: tab-separated, header row, 7 columns." };
        var command = new Command("import-ncci", "Replace the NCCI PTP table (the shipped demo or an earlier import).") { file };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var table = CodeSetStore.ForHome(env.Home).ImportNcci(Existing(parse.GetValue(file)!));
            await env.Out.WriteLineAsync($"Imported {table.Count} NCCI PTP edits.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command ImportMue(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "CMS practitioner MUE file: comma-separated, header row, 4 columns." };
        var command = new Command("import-mue", "Replace the MUE table (the shipped demo or an earlier import).") { file };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var table = CodeSetStore.ForHome(env.Home).ImportMue(Existing(parse.GetValue(file)!));
            await env.Out.WriteLineAsync($"Imported {table.Limits.Count} MUE limits.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command ImportCpt(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "A licensed CPT file: one code and its description per line (tab, comma or space separated)." };
        var command = new Command("import-cpt", "Load a licensed CPT file; afterwards CPT codes missing from it are PROC-INVALID.") { file };
        command.SetAction((parse, ct) => env.RunAsync(async _ =>
        {
            var set = CodeSetStore.ForHome(env.Home).ImportCpt(Existing(parse.GetValue(file)!));
            await env.Out.WriteLineAsync($"Imported {set.Codes.Count} CPT codes.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Bench(CliEnvironment env)
    {
        var rounds = new Option<int>("--queries") { Description = "How many searches to time.", DefaultValueFactory = _ => 400 };
        var command = new Command("bench", "Quick measurement: code-set load time and memory, search latency (p50/p95).") { rounds };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var watch = Stopwatch.StartNew();
            var sets = env.CodeSets;
            var loadMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            _ = sets.Search.Find("warmup");
            var indexMs = watch.Elapsed.TotalMilliseconds;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            string[] queries = ["acute bronchits", "type 2 diabetis", "J20", "fracture of forearm", "essential hypertension", "chronic sinusitis", "otitis media", "pregnancy", "sprain ankle", "myocardial infarction"];
            var times = new List<double>();
            for (var i = 0; i < parse.GetValue(rounds); i++)
            {
                watch.Restart();
                _ = sets.Search.Find(queries[i % queries.Length]);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var inv = CultureInfo.InvariantCulture;
            await env.Out.WriteLineAsync(string.Create(inv, $"load {loadMs:0} ms, search index {indexMs:0} ms, managed memory {(after - before) / 1048576.0:0.0} MB"));
            await env.Out.WriteLineAsync(string.Create(inv, $"search over {sets.Icd10Cm.Latest.Entries.Count} ICD-10-CM codes: p50 {times[times.Count / 2]:0.00} ms, p95 {times[(int)(times.Count * 0.95)]:0.00} ms, max {times[^1]:0.00} ms ({times.Count} queries)"));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Option<string> SystemOption() => new("--system") { Description = "icd10cm (default), hcpcs, cpt, or procedure (CPT and HCPCS together, with the SNOMED CT procedure map) for suggest.", DefaultValueFactory = _ => "icd10cm" };

    private static CodeSystemKind ParseSystem(string? text) => text?.ToLowerInvariant() switch
    {
        null or "icd10cm" or "icd-10-cm" or "icd10" => CodeSystemKind.Icd10Cm,
        "hcpcs" => CodeSystemKind.Hcpcs,
        "cpt" => CodeSystemKind.Cpt,
        _ => throw new UsageException($"Unknown code system '{text}': use icd10cm, hcpcs or cpt."),
    };

    private static string Existing(string path) => File.Exists(path) ? path : throw new UsageException($"No file {path}.");

    private static string Display(string code) => code.Length > 3 ? $"{code[..3]}.{code[3..]}" : code;
}

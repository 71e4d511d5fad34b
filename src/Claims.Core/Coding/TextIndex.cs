using System.Collections.Frozen;
using System.Text;

namespace Claims.Coding;

/// <summary>
/// A small in-memory inverted index over code descriptions, built for coders' queries: word stems, prefixes
/// and misspellings (edit distance 1, or 2 for long words). Documents are codes; a document's own words count
/// fully, its inclusion terms and keywords help it be found but do not lengthen it.
/// </summary>
internal sealed class TextIndex
{
    private readonly string[] _codes;
    private readonly string[] _descriptions;
    private readonly bool[] _billable;
    private readonly byte[] _length;
    private readonly FrozenDictionary<string, int[]> _postings;      // words of the description itself
    private readonly FrozenDictionary<string, int[]> _extraPostings; // words only in inclusion terms / keywords
    private readonly string[] _vocabulary; // sorted, for prefix ranges
    private readonly string[][] _byLength;  // vocabulary per word length, for the fuzzy scan
    private readonly int _count;

    public TextIndex(IEnumerable<(string Code, string Description, bool Billable, string Extra)> documents)
    {
        var docs = documents.ToList();
        _count = docs.Count;
        _codes = new string[_count];
        _descriptions = new string[_count];
        _billable = new bool[_count];
        _length = new byte[_count];
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var extraPostings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            var (code, description, billable, extra) = docs[i];
            _codes[i] = code;
            _descriptions[i] = description;
            _billable[i] = billable;
            var own = Tokenizer.Tokens(description).Distinct().ToArray();
            _length[i] = (byte)Math.Min(255, own.Count(t => !Tokenizer.Generic.Contains(t)));
            foreach (var token in own)
            {
                if (!postings.TryGetValue(token, out var list)) postings[token] = list = [];
                list.Add(i);
            }
            foreach (var token in Tokenizer.Tokens(extra).Distinct().Except(own))
            {
                if (!extraPostings.TryGetValue(token, out var list)) extraPostings[token] = list = [];
                list.Add(i);
            }
        }
        foreach (var key in extraPostings.Keys) postings.TryAdd(key, []);
        _postings = postings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _extraPostings = extraPostings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = [.. postings.Keys.Order(StringComparer.Ordinal)];
        _byLength = new string[64][];
        for (var len = 0; len < 64; len++) _byLength[len] = _vocabulary.Where(v => v.Length == len).ToArray();
    }

    public int Count => _count;

    public string Code(int doc) => _codes[doc];

    public string Description(int doc) => _descriptions[doc];

    public bool Billable(int doc) => _billable[doc];

    /// <summary>Documents matching the query, best first, with a relevance in [0, 1].</summary>
    public List<(int Doc, double Score, int Matched)> Search(string query, int take, Func<int, double>? adjust = null)
    {
        var tokens = Tokenizer.QueryTokens(query);
        if (tokens.Count == 0 || take <= 0) return [];
        var scratch = Scratch.For(_count);
        var (total, matched, ownMatched, best, bestOwn) = (scratch.Total, scratch.Matched, scratch.OwnMatched, scratch.Best, scratch.BestOwn);
        var touched = scratch.Touched;
        var all = scratch.All;
        double possible = 0;
        try
        {
            foreach (var (token, alternatives) in tokens)
            {
                var candidates = Candidates(token);
                foreach (var alternative in alternatives)
                {
                    if (_postings.ContainsKey(alternative) && !candidates.Exists(c => c.Term == alternative)) candidates.Add((alternative, 0.9));
                }
                // One idf per query word, from its most trusted reading: a rare look-alike word must not outweigh
                // the common word the coder meant ("diabetis" is "diabetes", not some rarer two-edit neighbour).
                var tokenIdf = candidates.Count == 0 ? 0 : Idf(Df(candidates.OrderByDescending(c => c.Weight).ThenByDescending(c => Df(c.Term)).First().Term));
                foreach (var (term, weight) in candidates)
                {
                    var w = (float)(weight * tokenIdf);
                    foreach (var d in _postings[term])
                    {
                        if (best[d] == 0) touched.Add(d);
                        if (w > best[d]) best[d] = w;
                        bestOwn[d] = true;
                    }
                    if (!_extraPostings.TryGetValue(term, out var extraDocs)) continue;
                    var we = w * 0.6f; // an inclusion term finds the code, but the code's own words rank it
                    foreach (var d in extraDocs)
                    {
                        if (best[d] == 0) touched.Add(d);
                        if (we > best[d]) best[d] = we;
                    }
                }
                possible += candidates.Count == 0 ? Idf(1) * 0.5 : tokenIdf;
                foreach (var d in touched)
                {
                    if (matched[d] == 0) all.Add(d);
                    total[d] += best[d];
                    matched[d]++;
                    if (bestOwn[d]) ownMatched[d]++;
                    best[d] = 0;
                    bestOwn[d] = false;
                }
                touched.Clear();
            }

            // Partial matches stay in (a lay word the code set does not use must not empty the list); coverage ranks them.
            var minMatched = Math.Max(1, (tokens.Count + 1) / 3);
            var top = new PriorityQueue<(int Doc, double Score, int Matched), (double Score, string Code)>(take + 1, Worst.Instance);
            foreach (var d in all)
            {
                if (matched[d] < minMatched) continue;
                var relevance = total[d] / possible;
                var extra = Math.Max(0, _length[d] - ownMatched[d]);
                var score = relevance - 0.035 * extra + (adjust?.Invoke(d) ?? 0);
                top.Enqueue((d, score, matched[d]), (score, _codes[d]));
                if (top.Count > take) top.Dequeue();
            }
            var results = new List<(int Doc, double Score, int Matched)>(top.Count);
            while (top.Count > 0) results.Add(top.Dequeue());
            results.Reverse();
            return results;
        }
        finally
        {
            foreach (var d in all)
            {
                total[d] = 0;
                matched[d] = 0;
                ownMatched[d] = 0;
            }
            all.Clear();
            touched.Clear();
        }
    }

    /// <summary>Orders the heap so its head is the weakest hit (lowest score, then the later code).</summary>
    private sealed class Worst : IComparer<(double Score, string Code)>
    {
        public static readonly Worst Instance = new();

        public int Compare((double Score, string Code) x, (double Score, string Code) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : string.CompareOrdinal(y.Code, x.Code);
    }

    /// <summary>Per-thread score arrays, reused across queries (a query touches a few thousand of ~95,000 codes).</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? t_current;

        private Scratch(int size)
        {
            Total = new float[size];
            Matched = new byte[size];
            OwnMatched = new byte[size];
            Best = new float[size];
            BestOwn = new bool[size];
        }

        public float[] Total { get; }

        public byte[] Matched { get; }

        public byte[] OwnMatched { get; }

        public float[] Best { get; }

        public bool[] BestOwn { get; }

        public List<int> Touched { get; } = new(4096);

        public List<int> All { get; } = new(4096);

        public static Scratch For(int size) => t_current is { } s && s.Total.Length >= size ? s : t_current = new Scratch(size);
    }

    private double Idf(int df) => Math.Log(1 + (double)_count / Math.Max(1, df));

    private int Df(string term) => _postings[term].Length + (_extraPostings.TryGetValue(term, out var extra) ? extra.Length : 0);

    /// <summary>Vocabulary words a query word may stand for, with how much to trust each.</summary>
    private List<(string Term, double Weight)> Candidates(string token)
    {
        var found = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string term, double weight)
        {
            if (!found.TryGetValue(term, out var w) || w < weight) found[term] = weight;
        }
        if (_postings.ContainsKey(token)) Add(token, 1.0);
        if (token.Length >= 3 && !char.IsAsciiDigit(token[0]))
        {
            var i = Array.BinarySearch(_vocabulary, token, StringComparer.Ordinal);
            if (i < 0) i = ~i;
            var limit = 0;
            for (; i < _vocabulary.Length && _vocabulary[i].StartsWith(token, StringComparison.Ordinal) && limit < 200; i++, limit++)
            {
                if (_vocabulary[i] != token) Add(_vocabulary[i], token.Length >= 5 ? 0.85 : 0.6);
            }
        }
        if (token.Length >= 4 && !char.IsAsciiDigit(token[0]))
        {
            var maxDistance = token.Length >= 8 ? 2 : 1;
            for (var len = Math.Max(1, token.Length - maxDistance); len <= Math.Min(63, token.Length + maxDistance); len++)
            {
                foreach (var term in _byLength[len])
                {
                    if (term[0] != token[0] && (term.Length < 2 || token.Length < 2 || term[1] != token[1])) continue;
                    var distance = Tokenizer.Distance(token, term, maxDistance);
                    if (distance > 0 && distance <= maxDistance) Add(term, distance == 1 ? 0.8 : 0.65);
                }
            }
        }
        return found.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}

/// <summary>How query and description text become index words.</summary>
internal static class Tokenizer
{
    public static readonly FrozenSet<string> Stop = new[]
    {
        "of", "the", "and", "or", "a", "an", "in", "on", "to", "for", "by", "at", "as", "is", "nos", "disorder", "finding",
        "situation", "procedure", "morphologic", "abnormality", "s", "other", "specified", "type",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that a description may carry without making it less of a match ("unspecified" is the generic marker).</summary>
    public static readonly FrozenSet<string> Generic = new[] { "unspecified", "site", "initial", "encounter", "without", "complication", "mellitus", "essential", "primary", "uncomplicated", "nec" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ii"] = "2", ["iii"] = "3", ["iv"] = "4", ["t2dm"] = "2 diabetes", ["dm"] = "diabetes", ["t1dm"] = "1 diabetes",
        ["htn"] = "hypertension", ["copd"] = "chronic obstructive pulmonary", ["uti"] = "urinary tract infection",
        ["mi"] = "myocardial infarction", ["cad"] = "coronary atherosclerosis", ["chf"] = "heart failure", ["gerd"] = "gastro esophageal reflux",
        ["afib"] = "atrial fibrillation", ["ckd"] = "chronic kidney", ["esrd"] = "end stage renal", ["adhd"] = "attention deficit hyperactivity",
        ["cancer"] = "malignant neoplasm", ["carcinoma"] = "malignant neoplasm", ["tumor"] = "neoplasm", ["tumour"] = "neoplasm", ["malignant"] = "malignant",
        ["renal"] = "kidney", ["flu"] = "influenza", ["cva"] = "cerebral infarction", ["stroke"] = "cerebral infarction",
        ["strep"] = "streptococcal", ["streptococcus"] = "streptococcal", ["diabetic"] = "diabetes", ["hypertensive"] = "hypertension",
        ["obese"] = "obesity", ["heartburn"] = "reflux", ["bmi"] = "body mass index", ["depression"] = "depressive",
        ["gastroesophageal"] = "gastro esophageal", ["pregnant"] = "pregnancy", ["coronavirus"] = "covid", ["anaemia"] = "anemia",
        ["haemorrhage"] = "hemorrhage", ["oesophagus"] = "esophagus", ["allergic"] = "allergy",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Query words that the code set says differently: each alternative counts almost as the word itself.</summary>
    private static readonly FrozenDictionary<string, string[]> Alternatives = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["bleeding"] = ["hemorrhage"], ["overdose"] = ["poisoning"], ["misuse"] = ["abuse"], ["fish"] = ["seafood"], ["shellfish"] = ["seafood"],
        ["steatosis"] = ["fatty"], ["history"] = ["old", "status"], ["facial"] = ["face"], ["transplantation"] = ["transplant"],
        ["proteinuria"] = ["kidney"], ["drug"] = ["substance", "psychoactive"], ["dependent"] = ["dependence"], ["heart"] = ["cardiac"],
        ["kidney"] = ["nephropathy"], ["soya"] = ["soy", "food"], ["dairy"] = ["milk"], ["rupture"] = ["perforation", "tear"],
        ["injury"] = ["sprain", "strain"], ["abuse"] = ["maltreatment"], ["partner"] = ["spouse"], ["isolation"] = ["exclusion", "alone"],
        ["housing"] = ["inadequate"], ["unsatisfactory"] = ["inadequate"], ["chill"] = ["chills"], ["hypoxemia"] = ["hypoxemia"],
        ["sore"] = ["pain"], ["stomach"] = ["gastric"], ["belly"] = ["abdominal"], ["infarct"] = ["infarction"],
        ["appendix"] = ["appendicitis"], ["grafting"] = ["graft"], ["bypass"] = ["aortocoronary"], ["social"] = ["alone"], ["colon"] = ["intestine"],
    }.GroupBy(kv => Stem(kv.Key)).ToFrozenDictionary(g => g.Key, g => g.SelectMany(kv => kv.Value).Select(Stem).ToArray(), StringComparer.Ordinal);

    /// <summary>Lay phrases rewritten to the code set's words before tokenizing a query.</summary>
    private static readonly (string Phrase, string Replacement)[] Phrases =
    [
        ("muscle pain", "myalgia"), ("joint pain", "pain in joint"), ("heart attack", "myocardial infarction"), ("high blood pressure", "hypertension"),
        ("sense of smell", "smell"), ("sore throat", "pharyngitis"), ("ear infection", "otitis media"), ("kidney stone", "calculus of kidney"),
        ("blood clot", "thrombosis"), ("loss of taste", "taste disturbance"), ("loss of smell", "smell disturbance"), ("throat pain", "pain in throat"),
        ("vomiting symptom", "vomiting"), ("drinking behavior", "abuse"), ("low back pain", "low back pain"),
    ];

    /// <summary>A query's words, each with the alternatives that also count for it.</summary>
    public static List<(string Token, string[] Alternatives)> QueryTokens(string query)
    {
        var text = query.ToLowerInvariant();
        foreach (var (phrase, replacement) in Phrases) text = text.Replace(phrase, replacement, StringComparison.Ordinal);
        return Tokens(text).Distinct().Select(t => (t, Alternatives.TryGetValue(t, out var alt) ? alt : [])).ToList();
    }

    public static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var ch in text.Append(' '))
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            if (ch == '\'' && word.Length > 0) continue; // Alzheimer's -> alzheimers -> alzheimer
            if (word.Length == 0) continue;
            var raw = word.ToString();
            word.Clear();
            if (Synonyms.TryGetValue(raw, out var mapped))
            {
                foreach (var m in mapped.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return m;
                continue;
            }
            var token = Stem(raw);
            if (token.Length == 0 || Stop.Contains(token)) continue;
            if (token.Length == 1 && !char.IsAsciiDigit(token[0])) continue;
            yield return token;
        }
    }

    /// <summary>A light plural/variant stemmer: enough for "fractures", "infections", "diseases", "injuries".</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
            word = word[..^1];
        // unemployed/unemployment, transplanted/transplantation: one stem for the verb and noun forms
        if (word.Length > 7 && word.EndsWith("ment", StringComparison.Ordinal)) return word[..^4];
        if (word.Length > 8 && word.EndsWith("ation", StringComparison.Ordinal)) return word[..^5];
        if (word.Length > 6 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal)) word = word[..^2];
        // rupture/ruptured, disease/diseased: drop a final e so both forms meet
        return word.Length > 4 && word.EndsWith('e') ? word[..^1] : word;
    }

    /// <summary>Optimal string alignment distance, giving up (returning max+1) once past <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > max) return max + 1;
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.Length];
    }
}

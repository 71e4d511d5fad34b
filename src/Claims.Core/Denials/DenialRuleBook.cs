using System.Globalization;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// The rules in force: the shipped ones (embedded <c>Denials/Data/denial-rules.tsv</c>) and the admin's stored rows.
/// <see cref="Classify"/> picks the most specific matching rule (see <see cref="DenialRule.Specificity"/>); a code no rule
/// covers is <see cref="DenialVerdict.Unclassified"/>, never a guess.
/// </summary>
public sealed class DenialRuleBook
{
    private static readonly Lazy<IReadOnlyList<DenialRule>> ShippedRules = new(ReadShipped);

    private readonly IReadOnlyList<DenialRule> _rules;
    private readonly Dictionary<Guid, int> _payerWindows;

    internal DenialRuleBook(IEnumerable<DenialRule> stored)
    {
        var own = stored.ToList();
        _payerWindows = own.Where(r => r.Carc == DenialRule.Any && r.PayerId is not null && r.AppealWindowDays is not null)
            .GroupBy(r => r.PayerId!.Value).ToDictionary(g => g.Key, g => g.First().AppealWindowDays!.Value);
        _rules = [.. ShippedRules.Value, .. own.Where(r => r.Carc != DenialRule.Any)];
    }

    /// <summary>The shipped rules, as read from the embedded file.</summary>
    public static IReadOnlyList<DenialRule> Shipped => ShippedRules.Value;

    /// <summary>The shipped rules and the stored ones, most general first.</summary>
    public IReadOnlyList<DenialRule> All => _rules;

    /// <summary>The rules in force now: shipped plus what the database holds.</summary>
    public static async Task<DenialRuleBook> LoadAsync(ClaimsDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new DenialRuleBook(await db.DenialRules.AsNoTracking().ToListAsync(cancellationToken));
    }

    /// <summary>The verdict for one adjustment (group, CARC) with the remark codes the payer sent beside it.</summary>
    public DenialVerdict Classify(Guid? payerId, bool medicare, string group, string carc, IReadOnlyCollection<string> remarks)
    {
        ArgumentNullException.ThrowIfNull(remarks);
        var rule = _rules.Where(r => r.Matches(payerId, medicare, group, carc, remarks)).MaxBy(r => r.Specificity);
        if (rule is null) return DenialVerdict.Unclassified;
        var source = rule.IsShipped ? "shipped" : rule.PayerId is null ? "admin" : "payer";
        return new DenialVerdict(rule.Category, rule.NextAction, rule.Appealable, rule.AppealWindowDays, rule.ScrubberEdit, rule.Note, source, rule.IsShipped ? null : rule.Id);
    }

    /// <summary>The payer's own appeal window (an admin's CARC <c>*</c> row), or null for the default.</summary>
    public int? PayerAppealWindow(Guid? payerId) => payerId is { } id && _payerWindows.TryGetValue(id, out var days) ? days : null;

    private static List<DenialRule> ReadShipped()
    {
        using var stream = typeof(DenialRuleBook).Assembly.GetManifestResourceStream("Claims.Denials.Data.denial-rules.tsv")
            ?? throw new InvalidOperationException("The shipped denial rules are missing from Claims.Core.");
        using var reader = new StreamReader(stream);
        var rules = new List<DenialRule>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            if (f.Length != 10) throw new InvalidOperationException($"denial-rules.tsv line {number}: 10 fields expected, got {f.Length}.");
            rules.Add(DenialRule.Shipped(
                f[3], f[0], f[1], f[2] == DenialRule.Any ? null : f[2],
                Enum.Parse<DenialCategory>(f[4]), Enum.Parse<DenialAction>(f[5]), f[6] == "yes",
                f[7] == DenialRule.Any ? null : int.Parse(f[7], CultureInfo.InvariantCulture), f[8], f[9]));
        }
        return rules;
    }
}

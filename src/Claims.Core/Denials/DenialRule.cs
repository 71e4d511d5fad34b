namespace Claims.Denials;

/// <summary>
/// One row of the denial rules table: CAS group + CARC (+ a RARC the payer sent with it) -> category, next action,
/// whether it may be appealed, the appeal window and the scrubber edit that could have caught it. The shipped rows
/// come from the embedded <c>Denials/Data/denial-rules.tsv</c> and are never stored; an admin's rows are stored here,
/// for every payer (<see cref="PayerId"/> null) or for one, and win over the shipped ones of the same specificity.
/// A row with CARC <c>*</c> for one payer only sets that payer's appeal window.
/// </summary>
public sealed class DenialRule
{
    /// <summary>"Any group", "any CARC" in <see cref="Group"/> and <see cref="Carc"/>.</summary>
    public const string Any = "*";

    /// <summary><see cref="PayerKind"/> of rules that apply only to Medicare (claim filing indicator MA or MB).</summary>
    public const string Medicare = "MEDICARE";

    private DenialRule() { } // EF Core

    internal DenialRule(Guid? payerId, string group, string carc, string? rarc, DenialCategory category, DenialAction nextAction, bool appealable, int? appealWindowDays, string? scrubberEdit, string note)
    {
        Id = Guid.CreateVersion7();
        PayerId = payerId;
        Set(group, carc, rarc, category, nextAction, appealable, appealWindowDays, scrubberEdit, note);
    }

    public Guid Id { get; private set; }

    /// <summary>The payer this rule is for; null for every payer.</summary>
    public Guid? PayerId { get; private set; }

    /// <summary>Shipped rows only: <c>*</c> or <see cref="Medicare"/>.</summary>
    public string PayerKind { get; private set; } = Any;

    /// <summary>CO, PR, OA, PI, or <c>*</c>.</summary>
    public string Group { get; private set; } = Any;

    public string Carc { get; private set; } = "";

    /// <summary>A remark code that narrows the rule (e.g. MA130 with CARC 16); null for any.</summary>
    public string? Rarc { get; private set; }

    public DenialCategory Category { get; private set; }

    public DenialAction NextAction { get; private set; }

    public bool Appealable { get; private set; }

    /// <summary>Days to appeal from the notice, replacing the payer's default; null for the default.</summary>
    public int? AppealWindowDays { get; private set; }

    /// <summary>The scrubber edit (e.g. NCCI-PTP) that could have caught this denial before submission.</summary>
    public string? ScrubberEdit { get; private set; }

    public string Note { get; private set; } = "";

    /// <summary>Shipped with the program (not stored, not editable in place: an admin's row overrides it).</summary>
    public bool IsShipped { get; private set; }

    public string? UpdatedBy { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>How closely the rule fits: a RARC match first, then the payer's own, an admin's, a Medicare-only row, an exact group.</summary>
    internal int Specificity => (Rarc is null ? 0 : 1000) + (PayerId is null ? 0 : 300) + (IsShipped ? 0 : 200) + (PayerKind == Medicare ? 100 : 0) + (Group == Any ? 0 : 10);

    internal bool Matches(Guid? payerId, bool medicare, string group, string carc, IReadOnlyCollection<string> remarks) =>
        Carc == carc
        && (Group == Any || Group == group)
        && (Rarc is null || remarks.Contains(Rarc))
        && (PayerId is null || PayerId == payerId)
        && (PayerKind == Any || (PayerKind == Medicare && medicare));

    internal static DenialRule Shipped(string payerKind, string group, string carc, string? rarc, DenialCategory category, DenialAction action, bool appealable, int? window, string? edit, string note)
    {
        var rule = new DenialRule(null, group, carc, rarc, category, action, appealable, window, edit, note) { PayerKind = payerKind, IsShipped = true };
        return rule;
    }

    internal void Set(string group, string carc, string? rarc, DenialCategory category, DenialAction nextAction, bool appealable, int? appealWindowDays, string? scrubberEdit, string note)
    {
        Group = Normal(group, 2, "group") ?? Any;
        Carc = Normal(carc, 5, "CARC") ?? throw new DomainValidationException("A denial rule names a CARC (or * for a payer's appeal window).");
        Rarc = Normal(rarc, 7, "RARC");
        if (Rarc == Any) Rarc = null;
        if (Group != Any && Group is not ("CO" or "PR" or "OA" or "PI")) throw new DomainValidationException($"The group is CO, PR, OA, PI or * (got {Group}).");
        if (appealWindowDays is < 1 or > 3650) throw new DomainValidationException("An appeal window is 1 to 3,650 days.");
        Category = category;
        NextAction = nextAction;
        Appealable = appealable;
        AppealWindowDays = appealWindowDays;
        ScrubberEdit = Normal(scrubberEdit, 40, "scrubber edit");
        if (ScrubberEdit == "-") ScrubberEdit = null;
        Note = (note ?? "").Trim();
        if (Note.Length > 300) throw new DomainValidationException("A rule's note has at most 300 characters.");
    }

    internal void Stamp(string actorId, DateTimeOffset at)
    {
        UpdatedBy = actorId;
        UpdatedAt = at;
        Version++;
    }

    private static string? Normal(string? value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim().ToUpperInvariant();
        if (text.Length > max) throw new DomainValidationException($"A {what} has at most {max} characters (got {text.Length}).");
        return text;
    }
}

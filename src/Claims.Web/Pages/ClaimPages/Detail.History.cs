using Claims.Intake;

namespace Claims.Web.Pages.ClaimPages;

/// <summary>The "Earlier history" card: encounters before the clinic's bill-from date, kept for the coder, not billed.</summary>
public sealed partial class DetailModel
{
    public IReadOnlyList<ClinicalHistoryEncounter> EarlierHistory { get; private set; } = [];
}

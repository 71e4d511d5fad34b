namespace Claims.Coding;

/// <summary>What a claim's encounter says, one item at a time: a Condition, Procedure or Claim item.</summary>
/// <param name="Resource">Where it came from, e.g. <c>Condition/8f2c...</c> or <c>Claim/12#item-2</c> (ids, never PHI).</param>
/// <param name="SnomedCode">Its SNOMED CT code, when it carries one.</param>
/// <param name="Text">Its display or text as written.</param>
/// <param name="IsProcedure">A procedure or service (CPT/HCPCS), rather than a condition (ICD-10-CM).</param>
/// <param name="CvxCode">Its CDC CVX vaccine code, when it is a vaccine (Immunization.vaccineCode or a Claim item).</param>
public sealed record CodingSource(string Resource, string? SnomedCode, string Text, bool IsProcedure, string? CvxCode = null);

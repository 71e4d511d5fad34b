namespace Claims.Coding;

/// <summary>One row of the CVX to CPT map: the product code a vaccine is billed with, for an age range.</summary>
/// <param name="Cvx">The CDC CVX code as sent in Immunization.vaccineCode (leading zeros kept: "03", "08").</param>
/// <param name="Cpt">The CPT vaccine product code.</param>
/// <param name="Route">injection, oral or nasal: decides 90471/90472 versus 90473/90474.</param>
/// <param name="Components">Antigens a counselling code counts (90460 + 90461 for each beyond the first).</param>
/// <param name="MinAge">Youngest age in years the row applies to.</param>
/// <param name="MaxAge">Age in years from which the row no longer applies (exclusive), or null.</param>
/// <param name="Display">Claims' own short description.</param>
public sealed record VaccineProduct(string Cvx, string Cpt, string Route, int Components, int MinAge, int? MaxAge, string Display)
{
    /// <summary>Given by mouth or nose, which CPT administers with 90473/90474 instead of 90471/90472.</summary>
    public bool OralOrNasal => Route is "oral" or "nasal";

    public bool Fits(int ageYears) => ageYears >= MinAge && (MaxAge is not { } max || ageYears < max);
}

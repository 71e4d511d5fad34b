using Claims.Domain;

namespace Claims.Scrubbing;

/// <summary>Builds <see cref="ScrubClaim"/>s from stored claims.</summary>
public static class ScrubInputs
{
    /// <summary>
    /// A stored claim with its patient, payer and coverage. The subscriber id is PHI that is stored encrypted
    /// elsewhere, so the caller says whether one is on file.
    /// </summary>
    public static ScrubClaim FromClaim(Claim claim, Patient? patient, Payer? payer, Coverage? coverage, bool hasSubscriberId)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new ScrubClaim
        {
            ClaimId = claim.ControlNumber.Value,
            PatientKey = claim.PatientId.ToString(),
            Sex = patient?.Sex ?? AdministrativeSex.Unknown,
            BirthYear = patient?.BirthYear,
            PayerId = payer?.PayerId,
            SelfPay = claim.IsSelfPay,
            TimelyFilingDays = payer?.TimelyFilingDays,
            HasSubscriberId = hasSubscriberId,
            HasCoverage = coverage is not null,
            CoverageStart = coverage?.Start,
            CoverageEnd = coverage?.End,
            BillingProviderNpi = claim.BillingProviderNpi.Value,
            RenderingProviderNpi = claim.RenderingProviderNpi?.Value,
            ServiceFrom = claim.ServiceFrom,
            ServiceTo = claim.ServiceTo,
            PlaceOfService = claim.PlaceOfService.Code,
            TotalCharge = claim.TotalCharge.Amount,
            Diagnoses = claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Value).ToArray(),
            Lines = claim.Lines.Select(l => new ScrubLine(l.LineNumber, l.Code.Value, l.Modifiers.Select(m => m.Value).ToArray(), l.Units, l.Charge.Amount, l.DiagnosisPointers, l.ServiceDate)).ToArray(),
        };
    }
}

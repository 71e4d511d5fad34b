namespace Claims.Domain;

/// <summary>The claim's patient was erased (GDPR Art. 17): nothing new about them can be stored, since their data key is destroyed.</summary>
public sealed class PatientErasedException(Guid claimId)
    : ClaimsDomainException($"The patient of claim {claimId} was erased: no new text about them can be stored.")
{
    public override string Code => "patient-erased";
}

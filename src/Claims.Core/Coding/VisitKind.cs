namespace Claims.Coding;

/// <summary>The family of evaluation and management (E/M) codes an encounter belongs to.</summary>
public enum VisitKind
{
    /// <summary>Not an E/M visit (e.g. death certification): no E/M code is suggested.</summary>
    None,

    /// <summary>Preventive medicine visit: 99381-99387 (new) / 99391-99397 (established), by age band.</summary>
    Preventive,

    /// <summary>Office or other outpatient visit: 99202-99205 (new) / 99211-99215 (established).</summary>
    Office,

    /// <summary>Emergency department visit: 99281-99285 (no new/established distinction).</summary>
    Emergency,

    /// <summary>Initial hospital inpatient care: 99221-99223.</summary>
    Inpatient,

    /// <summary>Antepartum or postpartum visit: usually inside the global obstetric package (59400, 59425/59426, 59430).</summary>
    Prenatal,
}

namespace Claims.Domain;

/// <summary>Which code set a procedure code belongs to, decided by its shape.</summary>
public enum ProcedureCodeSystem
{
    /// <summary>CPT (AMA): five digits, or four digits and F (category II), T (category III) or U (PLA).</summary>
    Cpt,

    /// <summary>HCPCS Level II (CMS): a letter and four digits.</summary>
    Hcpcs,
}

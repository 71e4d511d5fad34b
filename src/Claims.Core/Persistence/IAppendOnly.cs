namespace Claims.Persistence;

/// <summary>
/// Marks an entity whose rows are only ever added (the ledger and what was posted to it): the context refuses to
/// update or delete one, as it does for the audit trail. A correction is a new row.
/// </summary>
public interface IAppendOnly;

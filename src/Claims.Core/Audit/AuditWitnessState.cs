
namespace Claims.Audit;

/// <summary>How the witness and the database's checkpoints compare.</summary>
public enum AuditWitnessState
{
    /// <summary>Every witness line is a checkpoint the database holds, and the newest is the database's newest.</summary>
    Agrees,

    /// <summary>The database holds one checkpoint the witness lacks: a crash between commit and witness write, or a write in flight. A warning.</summary>
    LagsByOne,

    /// <summary>No witness is configured or its file does not exist: the database alone cannot show a removed tail. A warning.</summary>
    Missing,

    /// <summary>The witness vouches for a checkpoint beyond the database's newest: the database's tail was removed. A failure.</summary>
    Ahead,

    /// <summary>The witness vouches for a checkpoint the database holds differently, or not at all, or a line not signed by our key. A failure.</summary>
    Diverged,

    /// <summary>The database holds more than one checkpoint the witness lacks: witness lines were lost or removed. A failure.</summary>
    Behind,
}

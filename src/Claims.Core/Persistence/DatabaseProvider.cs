
namespace Claims.Persistence;

/// <summary>Which database engine holds the data.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

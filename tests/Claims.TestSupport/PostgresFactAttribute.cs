using Xunit;

namespace Claims.Testing;

/// <summary>Runs only when CLAIMS_TEST_POSTGRES holds an Npgsql connection string (CI starts a server).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")))
        {
            Skip = "CLAIMS_TEST_POSTGRES is not set: no PostgreSQL server to test against here (.ci/run starts one).";
        }
    }
}

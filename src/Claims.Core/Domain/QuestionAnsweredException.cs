namespace Claims.Domain;

/// <summary>The query was answered already; a second answer is refused and nothing changes.</summary>
public sealed class QuestionAnsweredException(Guid queryId) : ClaimsDomainException($"Query {queryId} is already answered.")
{
    public override string Code => "query-answered";
}

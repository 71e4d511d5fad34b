namespace Claims.Domain;

public enum QuestionStatus
{
    Open,
    Answered,
}

namespace Claims.Coding;

public enum CodingVerdict
{
    Accepted,
    Rejected,
}

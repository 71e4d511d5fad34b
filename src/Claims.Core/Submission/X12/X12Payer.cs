namespace Claims.Submission;

/// <summary>Loop 2010BB: the payer and its electronic payer id (NM1*PR ... PI).</summary>
public sealed record X12Payer(string Name, string PayerId, X12Address? Address = null);

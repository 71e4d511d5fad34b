namespace Claims.Statements;

/// <summary>How a patient paid at the desk or by mail.</summary>
public enum PatientPaymentMethod
{
    Cash,
    Check,
    Card,
}

namespace Claims.Demo;

/// <summary>What the activity seeder did: months covered, claims made, batches sent, 277CAs and 835s posted.</summary>
public sealed record DemoActivityResult(int Months, int Patients, int Claims, int Batches, int Acknowledgments, int Remittances);

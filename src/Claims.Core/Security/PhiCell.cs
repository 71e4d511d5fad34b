namespace Claims.Security;

/// <summary>Where an encrypted value lives: the associated data that ties its ciphertext to one cell.</summary>
public readonly record struct PhiCell(string Table, string Column, Guid RowId);

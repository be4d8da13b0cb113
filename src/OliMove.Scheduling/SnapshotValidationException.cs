namespace OliMove.Scheduling;

/// <summary>A snapshot that breaks the model's rules (unknown circuit, wrong series length, ...). Nothing is planned.</summary>
public sealed class SnapshotValidationException(string message) : Exception(message);

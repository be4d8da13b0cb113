namespace OliMove.Storage;

/// <summary>The database belongs to another site or another chain deployment; the service must not start on it.</summary>
public sealed class SiteIdentityMismatchException(string message) : Exception(message);

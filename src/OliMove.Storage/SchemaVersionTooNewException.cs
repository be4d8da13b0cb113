namespace OliMove.Storage;

/// <summary>The file was written by a newer version of the product; opening it would risk corrupting it.</summary>
public sealed class SchemaVersionTooNewException : Exception
{
    public SchemaVersionTooNewException(string path, int fileVersion, int knownVersion)
        : base($"Database '{path}' has schema version {fileVersion}, but this build knows only up to version {knownVersion}. " +
               "It was written by a newer OliMove Edge; refusing to open it. Install that version or restore a backup.")
    {
        FileVersion = fileVersion;
        KnownVersion = knownVersion;
    }

    public int FileVersion { get; }

    public int KnownVersion { get; }
}

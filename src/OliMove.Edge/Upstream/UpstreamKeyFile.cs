namespace OliMove.Edge.Upstream;

/// <summary>
/// Each charger's upstream AuthorizationKey, from a file of <c>chargePointId key</c> lines (# comments, blank
/// lines allowed). Refused unless only its owner may read it (mode 0600), as ssh does with private keys. The
/// keys are never logged; errors name the line, not its content.
/// </summary>
public sealed class UpstreamKeyFile
{
    private readonly Dictionary<string, string> _keys;

    private UpstreamKeyFile(Dictionary<string, string> keys) => _keys = keys;

    public static UpstreamKeyFile Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public int Count => _keys.Count;

    public string? KeyOf(string chargePointId) => _keys.GetValueOrDefault(chargePointId);

    public static UpstreamKeyFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UpstreamKeyFileException($"Upstream.KeyFile '{path}' does not exist");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            var allowed = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if ((mode & ~allowed) != 0)
            {
                throw new UpstreamKeyFileException($"Upstream.KeyFile '{path}' must be readable by its owner only (chmod 600)");
            }
        }
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new UpstreamKeyFileException($"Upstream.KeyFile line {number}: expected 'chargePointId key'");
            }
            // OCPP security whitepaper §2.3: an AuthorizationKey is 16 to 40 bytes of printable text.
            if (parts[1].Length is < 16 or > 40)
            {
                throw new UpstreamKeyFileException($"Upstream.KeyFile line {number}: the key of '{parts[0]}' must be 16 to 40 characters");
            }
            if (!keys.TryAdd(parts[0], parts[1]))
            {
                throw new UpstreamKeyFileException($"Upstream.KeyFile line {number}: '{parts[0]}' appears twice");
            }
        }
        return new UpstreamKeyFile(keys);
    }
}

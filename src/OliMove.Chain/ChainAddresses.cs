using System.Text.Json;

namespace OliMove.Chain;

/// <summary>Where the OliMove contracts live; written by <see cref="ContractDeployer"/>, read at start.</summary>
public sealed record ChainAddresses(
    long ChainId,
    string AssetRegistry,
    string AlgorithmRegistry,
    string AssetStatus,
    string ChargingSettlement,
    string FlexToken,
    long DeployedAtBlock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IReadOnlyList<(string Name, string Address)> All =>
    [
        (nameof(AssetRegistry), AssetRegistry),
        (nameof(AlgorithmRegistry), AlgorithmRegistry),
        (nameof(AssetStatus), AssetStatus),
        (nameof(ChargingSettlement), ChargingSettlement),
        (nameof(FlexToken), FlexToken),
    ];

    public async Task SaveAsync(string path, CancellationToken ct = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Write then rename, so a crash never leaves a half-written address file behind.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(this, Json) + "\n", ct);
        File.Move(temp, path, overwrite: true);
    }

    public static async Task<ChainAddresses> LoadAsync(string path, CancellationToken ct = default)
    {
        var text = await File.ReadAllTextAsync(path, ct);
        ChainAddresses? addresses;
        try
        {
            addresses = JsonSerializer.Deserialize<ChainAddresses>(text, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a chain address file: {e.Message}", e);
        }

        if (addresses is null || addresses.All.Any(a => string.IsNullOrWhiteSpace(a.Address)) || addresses.ChainId <= 0)
        {
            throw new InvalidDataException($"{path}: chain id and all five contract addresses are required.");
        }

        return addresses;
    }
}

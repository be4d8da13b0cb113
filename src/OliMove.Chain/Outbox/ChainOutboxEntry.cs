using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OliMove.Chain;

/// <summary>
/// What the host hands to ChainOutboxRepository.EnqueueAsync: kind, idempotency key and payload JSON. The
/// factories validate the payload first, so a bad value is refused at enqueue time, never at send time.
/// </summary>
public sealed record ChainOutboxEntry(string Kind, string Key, string PayloadJson)
{
    /// <summary>The JSON of every payload: camelCase, enums as names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static ChainOutboxEntry ForSlot(SlotStatusPayload slot)
    {
        slot.Validate();
        return new(ChainOutboxKinds.SlotStatus, $"slot:{slot.SlotId}", JsonSerializer.Serialize(slot, Json));
    }

    public static ChainOutboxEntry ForSettlement(SettlementPayload settlement)
    {
        settlement.Validate();
        return new(ChainOutboxKinds.Settlement, SettlementKey(settlement.SessionKey), JsonSerializer.Serialize(settlement, Json));
    }

    /// <summary>The key of a session's settlement: one per session, so it is never queued twice.</summary>
    public static string SettlementKey(string sessionKey) => $"settlement:{sessionKey}";

    /// <summary>Keyed by the first word: the same words are queued once however often a batch finds them missing.</summary>
    public static ChainOutboxEntry ForSettlementAllocation(SettlementAllocationPayload allocation)
    {
        allocation.Validate();
        return new(ChainOutboxKinds.SettlementAllocation, $"settlement-allocation:{allocation.FirstWord}", JsonSerializer.Serialize(allocation, Json));
    }

    public static ChainOutboxEntry ForAlgorithm(AlgorithmPublicationPayload algorithm)
    {
        algorithm.Validate();
        return new(ChainOutboxKinds.AlgorithmPublication, $"algorithm:{algorithm.Version}", JsonSerializer.Serialize(algorithm, Json));
    }

    /// <summary>Keyed by the payload's hash: re-enqueueing an unchanged site on every start is a no-op.</summary>
    public static ChainOutboxEntry ForAssets(SiteAssets assets)
    {
        assets.Validate();
        var json = JsonSerializer.Serialize(assets, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return new(ChainOutboxKinds.AssetRegistration, $"assets:{hash}", json);
    }

    /// <summary>Reads a payload back; throws <see cref="ArgumentException"/> when it is not valid.</summary>
    public static T Read<T>(string payloadJson)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payloadJson, Json)
                ?? throw new ArgumentException($"Empty {typeof(T).Name} payload.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Not a valid {typeof(T).Name} payload: {e.Message}", e);
        }
    }
}

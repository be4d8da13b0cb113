using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record ChargingProfile
{
    [JsonProperty("chargingProfileId", Required = Required.Always)]
    public required int ChargingProfileId { get; init; }

    [JsonProperty("transactionId", NullValueHandling = NullValueHandling.Ignore)]
    public int? TransactionId { get; init; }

    [JsonProperty("stackLevel", Required = Required.Always)]
    public required int StackLevel { get; init; }

    [JsonProperty("chargingProfilePurpose", Required = Required.Always)]
    public required ChargingProfilePurposeType ChargingProfilePurpose { get; init; }

    [JsonProperty("chargingProfileKind", Required = Required.Always)]
    public required ChargingProfileKindType ChargingProfileKind { get; init; }

    [JsonProperty("recurrencyKind", NullValueHandling = NullValueHandling.Ignore)]
    public RecurrencyKindType? RecurrencyKind { get; init; }

    [JsonProperty("validFrom", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? ValidFrom { get; init; }

    [JsonProperty("validTo", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? ValidTo { get; init; }

    [JsonProperty("chargingSchedule", Required = Required.Always)]
    public required ChargingSchedule ChargingSchedule { get; init; }
}

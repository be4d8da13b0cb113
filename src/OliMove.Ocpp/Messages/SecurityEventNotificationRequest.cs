using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of SecurityEventNotification (security extension, charge point to central system): a security
/// event the charger saw, e.g. "FirmwareUpdated", "InvalidCentralSystemCertificate", "TamperDetectionActivated".
/// Written from the OCA schema in ocpp-schemas/security/.</summary>
public sealed record SecurityEventNotificationRequest : IOcppRequest<SecurityEventNotificationRequest, SecurityEventNotificationResponse>
{
    public static string Action => "SecurityEventNotification";

    [JsonProperty("type", Required = Required.Always)]
    public required string Type { get; init; }

    [JsonProperty("timestamp", Required = Required.Always)]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonProperty("techInfo", NullValueHandling = NullValueHandling.Ignore)]
    public string? TechInfo { get; init; }
}

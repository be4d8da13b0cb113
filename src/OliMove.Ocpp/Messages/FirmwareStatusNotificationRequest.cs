using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 FirmwareStatusNotification request; generated from the official schemas.</summary>
public sealed record FirmwareStatusNotificationRequest : IOcppRequest<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse>
{
    public static string Action => "FirmwareStatusNotification";

    [JsonProperty("status", Required = Required.Always)]
    public required FirmwareStatus Status { get; init; }
}

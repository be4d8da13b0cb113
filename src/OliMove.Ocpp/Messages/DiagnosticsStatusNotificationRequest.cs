using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 DiagnosticsStatusNotification request; generated from the official schemas.</summary>
public sealed record DiagnosticsStatusNotificationRequest : IOcppRequest<DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse>
{
    public static string Action => "DiagnosticsStatusNotification";

    [JsonProperty("status", Required = Required.Always)]
    public required DiagnosticsStatus Status { get; init; }
}

using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 StatusNotification request; generated from the official schemas.</summary>
public sealed record StatusNotificationRequest : IOcppRequest<StatusNotificationRequest, StatusNotificationResponse>
{
    public static string Action => "StatusNotification";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("errorCode", Required = Required.Always)]
    public required ChargePointErrorCode ErrorCode { get; init; }

    [JsonProperty("info", NullValueHandling = NullValueHandling.Ignore)]
    public string? Info { get; init; }

    [JsonProperty("status", Required = Required.Always)]
    public required ChargePointStatus Status { get; init; }

    [JsonProperty("timestamp", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? Timestamp { get; init; }

    [JsonProperty("vendorId", NullValueHandling = NullValueHandling.Ignore)]
    public string? VendorId { get; init; }

    [JsonProperty("vendorErrorCode", NullValueHandling = NullValueHandling.Ignore)]
    public string? VendorErrorCode { get; init; }
}

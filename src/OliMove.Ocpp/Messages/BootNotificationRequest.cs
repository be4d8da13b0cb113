using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 BootNotification request; generated from the official schemas.</summary>
public sealed record BootNotificationRequest : IOcppRequest<BootNotificationRequest, BootNotificationResponse>
{
    public static string Action => "BootNotification";

    [JsonProperty("chargePointVendor", Required = Required.Always)]
    public required string ChargePointVendor { get; init; }

    [JsonProperty("chargePointModel", Required = Required.Always)]
    public required string ChargePointModel { get; init; }

    [JsonProperty("chargePointSerialNumber", NullValueHandling = NullValueHandling.Ignore)]
    public string? ChargePointSerialNumber { get; init; }

    [JsonProperty("chargeBoxSerialNumber", NullValueHandling = NullValueHandling.Ignore)]
    public string? ChargeBoxSerialNumber { get; init; }

    [JsonProperty("firmwareVersion", NullValueHandling = NullValueHandling.Ignore)]
    public string? FirmwareVersion { get; init; }

    [JsonProperty("iccid", NullValueHandling = NullValueHandling.Ignore)]
    public string? Iccid { get; init; }

    [JsonProperty("imsi", NullValueHandling = NullValueHandling.Ignore)]
    public string? Imsi { get; init; }

    [JsonProperty("meterType", NullValueHandling = NullValueHandling.Ignore)]
    public string? MeterType { get; init; }

    [JsonProperty("meterSerialNumber", NullValueHandling = NullValueHandling.Ignore)]
    public string? MeterSerialNumber { get; init; }
}

using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ChangeAvailability request; generated from the official schemas.</summary>
public sealed record ChangeAvailabilityRequest : IOcppRequest<ChangeAvailabilityRequest, ChangeAvailabilityResponse>
{
    public static string Action => "ChangeAvailability";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("type", Required = Required.Always)]
    public required AvailabilityType Type { get; init; }
}

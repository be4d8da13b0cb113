using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 UnlockConnector request; generated from the official schemas.</summary>
public sealed record UnlockConnectorRequest : IOcppRequest<UnlockConnectorRequest, UnlockConnectorResponse>
{
    public static string Action => "UnlockConnector";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }
}

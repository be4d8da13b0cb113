using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 TriggerMessage request; generated from the official schemas.</summary>
public sealed record TriggerMessageRequest : IOcppRequest<TriggerMessageRequest, TriggerMessageResponse>
{
    public static string Action => "TriggerMessage";

    [JsonProperty("requestedMessage", Required = Required.Always)]
    public required MessageTrigger RequestedMessage { get; init; }

    [JsonProperty("connectorId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ConnectorId { get; init; }
}

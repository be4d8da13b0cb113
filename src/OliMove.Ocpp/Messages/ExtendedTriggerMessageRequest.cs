using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of ExtendedTriggerMessage (security extension, central system to charge point): TriggerMessage
/// that can also ask for SignChargePointCertificate and LogStatusNotification. Written from the OCA schema in
/// ocpp-schemas/security/.</summary>
public sealed record ExtendedTriggerMessageRequest : IOcppRequest<ExtendedTriggerMessageRequest, ExtendedTriggerMessageResponse>
{
    public static string Action => "ExtendedTriggerMessage";

    [JsonProperty("requestedMessage", Required = Required.Always)]
    public required ExtendedMessageTrigger RequestedMessage { get; init; }

    [JsonProperty("connectorId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ConnectorId { get; init; }
}

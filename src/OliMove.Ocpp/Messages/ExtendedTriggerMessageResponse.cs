using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Reply to ExtendedTriggerMessage (same statuses as TriggerMessage.conf).</summary>
public sealed record ExtendedTriggerMessageResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required TriggerMessageStatus Status { get; init; }
}

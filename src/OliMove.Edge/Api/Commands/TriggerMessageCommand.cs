using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/trigger: ask the charger to send a message now (OCPP 1.6 §5.17).</summary>
public sealed record TriggerMessageCommand
{
    public required MessageTrigger RequestedMessage { get; init; }

    public int? ConnectorId { get; init; }
}

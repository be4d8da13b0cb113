using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/extended-trigger: asks the charger to send a message now (OCPP 1.6 security
/// extension ExtendedTriggerMessage), e.g. SignChargePointCertificate to renew its client certificate.</summary>
public sealed record ExtendedTriggerCommand
{
    public required ExtendedMessageTrigger RequestedMessage { get; init; }

    public int? ConnectorId { get; init; }
}

using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/charging-profiles/clear: the filter of OCPP 1.6 §5.5 (all fields optional).</summary>
public sealed record ClearChargingProfileCommand
{
    public int? Id { get; init; }

    public int? ConnectorId { get; init; }

    public ChargingProfilePurposeType? ChargingProfilePurpose { get; init; }

    public int? StackLevel { get; init; }
}

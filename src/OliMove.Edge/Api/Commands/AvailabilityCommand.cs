using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/availability: connector 0 means the whole charge point (OCPP 1.6 §5.2).</summary>
public sealed record AvailabilityCommand
{
    public required int ConnectorId { get; init; }

    public required AvailabilityType Type { get; init; }
}

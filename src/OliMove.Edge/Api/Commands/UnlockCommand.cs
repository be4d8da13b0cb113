namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/unlock: release the cable of a connector (OCPP 1.6 §5.18).</summary>
public sealed record UnlockCommand
{
    public required int ConnectorId { get; init; }
}

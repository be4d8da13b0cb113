namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/remote-stop: stop the session running on a connector (OCPP 1.6 §5.12).</summary>
public sealed record RemoteStopCommand
{
    public required int ConnectorId { get; init; }
}

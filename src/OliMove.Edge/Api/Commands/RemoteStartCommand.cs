namespace OliMove.Edge.Api.Commands;

/// <summary>POST /chargepoints/{id}/remote-start: start a session on a connector for an idTag (OCPP 1.6 §5.11).</summary>
public sealed record RemoteStartCommand
{
    public required int ConnectorId { get; init; }

    public required string IdTag { get; init; }
}

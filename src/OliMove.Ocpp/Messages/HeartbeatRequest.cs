namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 Heartbeat request; generated from the official schemas.</summary>
public sealed record HeartbeatRequest : IOcppRequest<HeartbeatRequest, HeartbeatResponse>
{
    public static string Action => "Heartbeat";
}

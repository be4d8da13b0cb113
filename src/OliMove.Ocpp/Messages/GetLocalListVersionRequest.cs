namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetLocalListVersion request; generated from the official schemas.</summary>
public sealed record GetLocalListVersionRequest : IOcppRequest<GetLocalListVersionRequest, GetLocalListVersionResponse>
{
    public static string Action => "GetLocalListVersion";
}

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ClearCache request; generated from the official schemas.</summary>
public sealed record ClearCacheRequest : IOcppRequest<ClearCacheRequest, ClearCacheResponse>
{
    public static string Action => "ClearCache";
}

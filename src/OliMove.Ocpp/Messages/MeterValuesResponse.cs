namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 MeterValuesResponse; generated from the official schemas.</summary>
public sealed record MeterValuesResponse
{
}

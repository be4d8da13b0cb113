namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum ValueFormat
{
    Raw,
    SignedData,
}

namespace OliMove.Ocpp.CentralSystem;

/// <summary>MeterValues were stored (normalised) and answered.</summary>
public sealed record MeterValuesReceived(string ChargePointId, int ConnectorId, int? TransactionId, IReadOnlyList<NormalisedSampledValue> Samples);

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The post-boot configuration read the charger's limits and set its meter sampling.</summary>
public sealed record ChargePointConfigured(string ChargePointId, ChargePointCapabilities Capabilities);

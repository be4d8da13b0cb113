using OliMove.Ocpp.Messages;

namespace OliMove.Tools.CpSimulator;

/// <summary>A charging profile held by the simulated charger, and the connector it was set on.</summary>
public sealed record InstalledProfile(int ConnectorId, ChargingProfile Profile);

namespace OliMove.Edge.Api.Views;

/// <summary>One charging profile the backend set: its id, connector (0 = the charger), purpose and stack level.</summary>
public sealed record BackendProfileView(int ChargingProfileId, int ConnectorId, string Purpose, int StackLevel);

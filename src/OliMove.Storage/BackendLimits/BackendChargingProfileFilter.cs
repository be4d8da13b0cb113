namespace OliMove.Storage;

/// <summary>
/// Which backend profiles a ClearChargingProfile removes (OCPP 1.6 §6.10): by id, or by every given one of
/// connector, purpose and stack level; with nothing given, all of the charger's.
/// </summary>
public sealed record BackendChargingProfileFilter(int? ProfileId, int? ConnectorId, string? Purpose, int? StackLevel);

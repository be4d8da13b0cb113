namespace OliMove.Ocpp.CentralSystem;

/// <summary>What the host knows of a charge point when it connects. <paramref name="PreviouslyAccepted"/>: a
/// BootNotification of this charger was accepted before (also before a restart of the service); such a charger
/// may reconnect and go on without booting again [J 5.3].</summary>
public sealed record ChargePointRegistration(string ChargePointId, bool PreviouslyAccepted);

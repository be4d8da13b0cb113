namespace OliMove.Storage;

/// <summary>
/// A charging profile the CPO's backend set on a charger, stored as a constraint of the edge's plans.
/// </summary>
/// <param name="ChargePointId">The charger it was sent for.</param>
/// <param name="ProfileId">The backend's chargingProfileId (unique per charger).</param>
/// <param name="ConnectorId">0 for the whole charger, else the connector.</param>
/// <param name="Purpose">ChargePointMaxProfile, TxDefaultProfile or TxProfile (OCPP 1.6 names).</param>
/// <param name="StackLevel">The profile's stack level.</param>
/// <param name="TransactionId">A TxProfile's transaction (the edge's transactions.id); null otherwise.</param>
/// <param name="ProfileJson">The csChargingProfiles object as sent (OCPP JSON).</param>
/// <param name="StoredAt">When the edge stored it.</param>
public sealed record BackendChargingProfileRecord(
    string ChargePointId,
    int ProfileId,
    int ConnectorId,
    string Purpose,
    int StackLevel,
    long? TransactionId,
    string ProfileJson,
    DateTimeOffset StoredAt);

-- Version 8: the charging profiles the CPO's backend sent through the upstream link. The edge is an OCPP 1.6
-- local controller: it never writes them through to the charger but keeps them as hard limits of its own
-- plans. A profile is acknowledged (Accepted) only once its row is committed here.
-- Keyed like the charger keys them (OCPP 1.6 §5.16: a chargingProfileId is unique per charge point).

CREATE TABLE backend_charging_profiles (
    charge_point_id TEXT    NOT NULL REFERENCES charge_points (id),
    profile_id      INTEGER NOT NULL,
    connector_id    INTEGER NOT NULL CHECK (connector_id >= 0),
    purpose         TEXT    NOT NULL CHECK (purpose IN ('ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile')),
    stack_level     INTEGER NOT NULL CHECK (stack_level >= 0),
    -- The edge's own transaction id (transactions.id) of a TxProfile; NULL for the other purposes.
    transaction_id  INTEGER,
    -- The csChargingProfiles object as the backend sent it (OCPP JSON), read back by the edge.
    profile_json    TEXT    NOT NULL,
    stored_at       INTEGER NOT NULL,
    PRIMARY KEY (charge_point_id, profile_id)
) STRICT;

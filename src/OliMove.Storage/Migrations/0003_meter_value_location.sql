-- Version 3: a sampled value's location (OCPP 1.6 SampledValue.location: Outlet, Inlet, Body, Cable, EV)
-- joins the replay key, so that e.g. Temperature at Body and at Cable in one sample are both kept instead
-- of the second being taken for a replay. SQLite cannot change a UNIQUE constraint in place: rebuild.
-- No table references meter_values, so this is safe with foreign keys on.

CREATE TABLE meter_values_v3 (
    id              INTEGER NOT NULL PRIMARY KEY,
    charge_point_id TEXT    NOT NULL REFERENCES charge_points (id),
    connector_id    INTEGER NOT NULL CHECK (connector_id >= 0),
    transaction_id  INTEGER REFERENCES transactions (id),
    sampled_at      INTEGER NOT NULL,
    measurand       TEXT    NOT NULL,
    phase           TEXT    NOT NULL DEFAULT '',
    -- '' when the charge point did not say (OCPP default: Outlet); kept as sent.
    location        TEXT    NOT NULL DEFAULT '',
    context         TEXT    NOT NULL,
    value           REAL    NOT NULL,
    unit            TEXT    NOT NULL,
    UNIQUE (charge_point_id, connector_id, measurand, phase, location, context, sampled_at)
) STRICT;

INSERT INTO meter_values_v3 (id, charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, location, context, value, unit)
SELECT id, charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, '', context, value, unit FROM meter_values;

DROP TABLE meter_values;
ALTER TABLE meter_values_v3 RENAME TO meter_values;

CREATE INDEX ix_meter_values_transaction ON meter_values (transaction_id, measurand, sampled_at)
    WHERE transaction_id IS NOT NULL;

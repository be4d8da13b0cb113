-- Version 7: one row per meter reading (a charge point's MeterValue: connector, timestamp and transaction) with its
-- sampled values in one compact JSON column, instead of one row per sampled value (decision 0369). Storing a
-- MeterValues of five sampled values cost five b-tree inserts, five entries in a seven-column TEXT unique index and
-- five in the transaction index; now it is one of each. `meter_values` stays, as a view in the old shape (one row
-- per sampled value, the same columns), so that every reader is unchanged; only the writer and the deletes use the
-- table.
--
-- samples: a JSON array of [measurand, phase, location, context, value, unit], phase and location '' when not sent.
-- The replay key of a sampled value (charge point, connector, measurand, phase, location, context, timestamp) is
-- kept by the writer: a reading is unique per (charge point, connector, timestamp, transaction), and a replayed
-- MeterValues either finds its reading stored (nothing new) or merges only the sampled values it lacks.
CREATE TABLE meter_readings (
    id              INTEGER NOT NULL PRIMARY KEY,
    charge_point_id TEXT    NOT NULL REFERENCES charge_points (id),
    connector_id    INTEGER NOT NULL CHECK (connector_id >= 0),
    transaction_id  INTEGER REFERENCES transactions (id),
    sampled_at      INTEGER NOT NULL,
    samples         TEXT    NOT NULL CHECK (json_type(samples) = 'array' AND json_array_length(samples) > 0)
) STRICT;

-- The old rows, one reading per charge point, connector, timestamp and transaction; ids follow the oldest sampled
-- value of each, so the retention's walk in id order (arrival order) still holds.
INSERT INTO meter_readings (id, charge_point_id, connector_id, transaction_id, sampled_at, samples)
SELECT MIN(id), charge_point_id, connector_id, transaction_id, sampled_at,
       json_group_array(json_array(measurand, phase, location, context, value, unit))
FROM (SELECT * FROM meter_values ORDER BY id)
GROUP BY charge_point_id, connector_id, sampled_at, IFNULL(transaction_id, 0);

DROP TABLE meter_values;

-- NULL transaction ids are distinct in a UNIQUE index; a reading without a transaction is keyed as transaction 0.
-- Timestamp first since version 25 (decision 0399); created in that order here too, so that a file that gets this
-- version after version 25 ends with the same index as every other file.
CREATE UNIQUE INDEX ux_meter_readings ON meter_readings (sampled_at, charge_point_id, connector_id, IFNULL(transaction_id, 0));

CREATE INDEX ix_meter_readings_transaction ON meter_readings (transaction_id, sampled_at)
    WHERE transaction_id IS NOT NULL;

-- The old shape, one row per sampled value; id is the reading's (shared by its sampled values, in arrival order).
CREATE VIEW meter_values (id, charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, location,
                          context, value, unit) AS
SELECT r.id, r.charge_point_id, r.connector_id, r.transaction_id, r.sampled_at,
       s.value ->> 0, s.value ->> 1, s.value ->> 2, s.value ->> 3, CAST(s.value ->> 4 AS REAL), s.value ->> 5
FROM meter_readings r, json_each(r.samples) s;

-- Version 5: meter values after their raw retention (decision 0220). Raw rows older than the retention are folded
-- into one row per connector, transaction and 15-minute quarter (quarter_start is Unix ms UTC on a 15-minute
-- boundary of the sample's own timestamp) and then deleted. transaction_id is 0 for samples outside a transaction.
-- Every column merges associatively, so a quarter folded in several batches (or again when a late sample arrives)
-- gives the same row as folded at once: first/last by timestamp, counts summed, the mean weighted by its count.
CREATE TABLE meter_value_quarters (
    charge_point_id  TEXT    NOT NULL,
    connector_id     INTEGER NOT NULL CHECK (connector_id >= 0),
    transaction_id   INTEGER NOT NULL CHECK (transaction_id >= 0),
    quarter_start    INTEGER NOT NULL CHECK (quarter_start % 900000 = 0),
    -- Energy.Active.Import.Register (no phase), the quarter's earliest and latest reading, Wh.
    energy_first_wh  REAL,
    energy_first_at  INTEGER,
    energy_last_wh   REAL,
    energy_last_at   INTEGER,
    -- Power.Active.Import (no phase), W: mean and maximum over power_samples readings.
    power_mean_w     REAL,
    power_max_w      REAL,
    power_samples    INTEGER NOT NULL DEFAULT 0 CHECK (power_samples >= 0),
    -- Every sampled value folded in (all measurands, phases, locations): the raw rows this row replaces.
    sample_count     INTEGER NOT NULL CHECK (sample_count > 0),
    CHECK ((energy_first_at IS NULL) = (energy_last_at IS NULL)),
    CHECK ((power_mean_w IS NULL) = (power_samples = 0)),
    PRIMARY KEY (charge_point_id, connector_id, quarter_start, transaction_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_meter_value_quarters_transaction ON meter_value_quarters (transaction_id) WHERE transaction_id <> 0;
CREATE INDEX ix_meter_value_quarters_start ON meter_value_quarters (quarter_start);

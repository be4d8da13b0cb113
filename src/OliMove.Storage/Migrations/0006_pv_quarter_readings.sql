-- Version 6: PV history as 15-minute aggregates per inverter, so that the forecast survives a restart
-- (decision 0052). One row per inverter and quarter; quarter_start is Unix ms UTC on a 15-minute boundary.
-- mean_power_w is NULL when the quarter had no valid reading (failed or stale polls only): missing, never 0 W.
CREATE TABLE pv_quarter_readings (
    inverter_id   TEXT    NOT NULL,
    quarter_start INTEGER NOT NULL CHECK (quarter_start % 900000 = 0),
    mean_power_w  REAL    CHECK (mean_power_w IS NULL OR mean_power_w >= 0),
    sample_count  INTEGER NOT NULL CHECK (sample_count >= 0),
    poll_count    INTEGER NOT NULL CHECK (poll_count >= sample_count),
    CHECK ((mean_power_w IS NULL) = (sample_count = 0)),
    PRIMARY KEY (inverter_id, quarter_start)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_pv_quarter_readings_start ON pv_quarter_readings (quarter_start);

-- Version 12: the measured other load of each metered circuit (its meter minus the chargers below it) as 15-minute
-- aggregates, so that the forecast of later slots survives a restart (decision 0314). One row per circuit and
-- quarter; quarter_start is Unix ms UTC on a 15-minute boundary. A quarter without a usable reading is not stored
-- (missing, never 0 W). line_* are the most loaded line's values: what a per-phase limit is planned with.
CREATE TABLE other_load_quarters (
    circuit_id    TEXT    NOT NULL,
    quarter_start INTEGER NOT NULL CHECK (quarter_start % 900000 = 0),
    mean_w        INTEGER NOT NULL CHECK (mean_w >= 0),
    max_w         INTEGER NOT NULL CHECK (max_w >= mean_w),
    line_mean_w   INTEGER NOT NULL CHECK (line_mean_w >= 0),
    line_max_w    INTEGER NOT NULL CHECK (line_max_w >= line_mean_w),
    sample_count  INTEGER NOT NULL CHECK (sample_count > 0),
    PRIMARY KEY (circuit_id, quarter_start)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_other_load_quarters_start ON other_load_quarters (quarter_start);

-- Version 24: the other load's history is kept per source, not only per metered circuit (decision 0351): a circuit's
-- meter minus the chargers below it ('circuit', keyed by the circuit's id, as version 12 stored it), a meter on one
-- other load ('load', keyed by the load's id), and the grid meter's residual, grid - chargers - batteries + PV
-- ('grid', keyed by the meter's id). The rows of version 12 are kept as 'circuit' rows.
CREATE TABLE other_load_quarters_by_source (
    source        TEXT    NOT NULL CHECK (source IN ('circuit', 'load', 'grid')),
    circuit_id    TEXT    NOT NULL,
    quarter_start INTEGER NOT NULL CHECK (quarter_start % 900000 = 0),
    mean_w        INTEGER NOT NULL CHECK (mean_w >= 0),
    max_w         INTEGER NOT NULL CHECK (max_w >= mean_w),
    line_mean_w   INTEGER NOT NULL CHECK (line_mean_w >= 0),
    line_max_w    INTEGER NOT NULL CHECK (line_max_w >= line_mean_w),
    sample_count  INTEGER NOT NULL CHECK (sample_count > 0),
    PRIMARY KEY (source, circuit_id, quarter_start)
) STRICT, WITHOUT ROWID;

INSERT INTO other_load_quarters_by_source (source, circuit_id, quarter_start, mean_w, max_w, line_mean_w, line_max_w, sample_count)
    SELECT 'circuit', circuit_id, quarter_start, mean_w, max_w, line_mean_w, line_max_w, sample_count FROM other_load_quarters;

DROP TABLE other_load_quarters;
ALTER TABLE other_load_quarters_by_source RENAME TO other_load_quarters;
CREATE INDEX ix_other_load_quarters_start ON other_load_quarters (quarter_start);

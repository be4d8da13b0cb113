-- Version 25: the readings' unique key leads with the timestamp (decision 0399). Keyed by charge point first, each
-- MeterValues inserted into one of 1,000 places in the index at 1,000 chargers, so every commit wrote a page of the
-- index per charger in its batch to the WAL (and the checkpoint copied it back). Readings arrive in time order, so
-- with the timestamp first they append to a few pages at the index's end. The key's columns, and so what is unique,
-- are unchanged; only their order is. Queries by charge point over a time range read the range (every charger's
-- readings in it); queries by transaction use ix_meter_readings_transaction as before.
DROP INDEX ux_meter_readings;
CREATE UNIQUE INDEX ux_meter_readings ON meter_readings (sampled_at, charge_point_id, connector_id, IFNULL(transaction_id, 0));

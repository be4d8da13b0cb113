-- Version 15: indexes for the cockpit's session list and CSV export (issue 23, decision 0281). The list sorts and
-- filters transactions by start time, and joins each to the charging request bound to it; without these both
-- were full scans per page. No index on meter_values: the energy history reads it per charge point through its
-- unique key, so the hottest write path keeps its one index.
CREATE INDEX ix_transactions_started ON transactions (started_at, id);

CREATE INDEX ix_charging_requests_transaction ON charging_requests (transaction_id) WHERE transaction_id IS NOT NULL;

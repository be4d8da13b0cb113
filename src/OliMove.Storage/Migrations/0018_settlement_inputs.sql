-- Version 18: a settlement names the inputs it was computed from that no other row keeps (issue 19, decision 0300):
-- the charging request it billed (NULL: none; a request is not always bound to its transaction) and the session's
-- maximum power P_max in W (the connector's rating in the site map at the stop), so that `verify` recomputes the
-- bill and tokens from the transaction's meter values with the product's own function. NULL in rows settled before.
ALTER TABLE session_settlements ADD COLUMN request_id INTEGER REFERENCES charging_requests (id);

ALTER TABLE session_settlements ADD COLUMN max_power_w INTEGER CHECK (max_power_w > 0);

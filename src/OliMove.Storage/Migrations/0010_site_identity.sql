-- Version 10: whose records this database holds. Written once: the site map's id on the first start, the chain
-- (chain id and contract addresses) on the first start with a chain configured. Checked on every start, so a
-- database restored onto another site, or pointed at another deployment, refuses to start instead of
-- confirming chain records that are not its own (issue 19; decision 0256).

CREATE TABLE site_identity (
    singleton           INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    site_id             TEXT    NOT NULL,
    bound_at            INTEGER NOT NULL,
    chain_id            INTEGER,
    asset_registry      TEXT,
    algorithm_registry  TEXT,
    asset_status        TEXT,
    charging_settlement TEXT,
    flex_token          TEXT,
    chain_bound_at      INTEGER,
    CHECK ((chain_id IS NULL) = (chain_bound_at IS NULL))
) STRICT;

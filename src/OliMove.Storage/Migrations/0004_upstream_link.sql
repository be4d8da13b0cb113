-- Version 4: the upstream link (the edge as an OCPP 1.6 local controller in front of the CPO's backend).

-- Transaction messages for the backend, stored before the charger gets its reply and delivered in order per
-- charger, exactly once, with the payload (and its original timestamps) as the charger sent it. The
-- transaction id in the payload is the edge's own; it is rewritten to the backend's id at delivery.
CREATE TABLE upstream_queue (
    id                  INTEGER NOT NULL PRIMARY KEY,
    charge_point_id     TEXT    NOT NULL,
    action              TEXT    NOT NULL,
    -- A replay of the same charger message (OCPP 1.6 §4.7) finds its row instead of adding a second one.
    dedup_key           TEXT    NOT NULL UNIQUE,
    payload_json        TEXT    NOT NULL,
    transaction_id      INTEGER,
    created_at          INTEGER NOT NULL,
    delivered_at        INTEGER,
    attempts            INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT
) STRICT;

CREATE INDEX ix_upstream_queue_pending ON upstream_queue (charge_point_id, id) WHERE delivered_at IS NULL;

-- One row per edge transaction of a charger behind the link: the id the charger was given (the backend's when
-- it answered in time, else the edge's) and the backend's id once known. Lookups are always per charger.
CREATE TABLE upstream_transactions (
    transaction_id          INTEGER NOT NULL PRIMARY KEY,
    charge_point_id         TEXT    NOT NULL,
    charger_facing_id       INTEGER NOT NULL,
    backend_transaction_id  INTEGER,
    created_at              INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_upstream_transactions_facing ON upstream_transactions (charge_point_id, charger_facing_id);
CREATE INDEX ix_upstream_transactions_backend ON upstream_transactions (charge_point_id, backend_transaction_id);

-- The authorization cache of OCPP 1.6 §3.5: the backend's last idTagInfo per idTag, answering while it does not.
CREATE TABLE upstream_authorization_cache (
    id_tag          TEXT    NOT NULL PRIMARY KEY,
    status          TEXT    NOT NULL,
    parent_id_tag   TEXT,
    expires_at      INTEGER,
    updated_at      INTEGER NOT NULL
) STRICT;

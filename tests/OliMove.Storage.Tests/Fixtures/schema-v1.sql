-- Historical fixture: schema version 1 exactly as src/OliMove.Storage/Migrations/0001_initial.sql created it
-- in release v1 (copied on 2026-11-25). Never edit it to follow the current schema: its point is to be old.

-- Version 1: the tables of issue 2 (charge points, transactions, meter values, users, requests,
-- slot plans, chain outbox). Times are INTEGER Unix milliseconds, UTC. Energy Wh, power W, current A.

CREATE TABLE charge_points (
    id                     TEXT    NOT NULL PRIMARY KEY,
    group_id               TEXT    NOT NULL,
    circuit_id             TEXT    NOT NULL,
    evse_id                TEXT,
    authorization_key_hash TEXT,
    vendor                 TEXT,
    model                  TEXT,
    serial_number          TEXT,
    firmware_version       TEXT,
    boot_status            TEXT,
    booted_at              INTEGER,
    last_seen_at           INTEGER,
    -- StatusNotification for connector 0 is the status of the whole charge point (OCPP 1.6 §4.9).
    status                 TEXT,
    error_code             TEXT,
    status_at              INTEGER,
    retired_at             INTEGER,
    updated_at             INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_charge_points_group ON charge_points (group_id);

CREATE TABLE connectors (
    charge_point_id    TEXT    NOT NULL REFERENCES charge_points (id),
    connector_id       INTEGER NOT NULL CHECK (connector_id >= 1),
    connection_type    TEXT,
    phases             INTEGER NOT NULL CHECK (phases IN (1, 3)),
    phase              TEXT CHECK (phase IN ('L1', 'L2', 'L3')),
    min_current_a      REAL    NOT NULL CHECK (min_current_a >= 0),
    max_current_a      REAL    NOT NULL CHECK (max_current_a > 0),
    rated_power_w      REAL    NOT NULL CHECK (rated_power_w > 0),
    charging_rate_unit TEXT    NOT NULL CHECK (charging_rate_unit IN ('A', 'W')),
    status             TEXT,
    error_code         TEXT,
    status_at          INTEGER,
    retired_at         INTEGER,
    PRIMARY KEY (charge_point_id, connector_id)
) STRICT;

CREATE TABLE transactions (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT    NOT NULL,
    connector_id    INTEGER NOT NULL,
    id_tag          TEXT    NOT NULL COLLATE NOCASE,
    meter_start_wh  INTEGER NOT NULL CHECK (meter_start_wh >= 0),
    started_at      INTEGER NOT NULL,
    meter_stop_wh   INTEGER CHECK (meter_stop_wh >= 0),
    stopped_at      INTEGER,
    stop_reason     TEXT,
    FOREIGN KEY (charge_point_id, connector_id) REFERENCES connectors (charge_point_id, connector_id),
    -- A replayed StartTransaction.req carries the same five values: it must map to the same id.
    UNIQUE (charge_point_id, connector_id, id_tag, started_at, meter_start_wh)
) STRICT;

CREATE INDEX ix_transactions_open ON transactions (charge_point_id, connector_id, started_at)
    WHERE stopped_at IS NULL;

CREATE TABLE meter_values (
    id              INTEGER NOT NULL PRIMARY KEY,
    charge_point_id TEXT    NOT NULL REFERENCES charge_points (id),
    connector_id    INTEGER NOT NULL CHECK (connector_id >= 0),
    transaction_id  INTEGER REFERENCES transactions (id),
    sampled_at      INTEGER NOT NULL,
    measurand       TEXT    NOT NULL,
    -- '' when the sample has no phase, so that the unique key also holds for it (NULLs are distinct).
    phase           TEXT    NOT NULL DEFAULT '',
    context         TEXT    NOT NULL,
    value           REAL    NOT NULL,
    unit            TEXT    NOT NULL,
    UNIQUE (charge_point_id, connector_id, measurand, phase, context, sampled_at)
) STRICT;

CREATE INDEX ix_meter_values_transaction ON meter_values (transaction_id, measurand, sampled_at)
    WHERE transaction_id IS NOT NULL;

CREATE TABLE users (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    login         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

-- OCPP 1.6 idToken is CiString20Type: compared case-insensitively.
CREATE TABLE id_tags (
    id_tag     TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_id_tags_user ON id_tags (user_id);

CREATE TABLE charging_requests (
    id                         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id                    INTEGER NOT NULL REFERENCES users (id),
    charge_point_id            TEXT    NOT NULL,
    connector_id               INTEGER NOT NULL,
    transaction_id             INTEGER REFERENCES transactions (id),
    opt_in                     INTEGER NOT NULL CHECK (opt_in IN (0, 1)),
    energy_requested_wh        REAL CHECK (energy_requested_wh > 0),
    departure_at               INTEGER,
    battery_capacity_wh        REAL CHECK (battery_capacity_wh > 0),
    start_soc_percent          REAL CHECK (start_soc_percent BETWEEN 0 AND 100),
    state                      TEXT    NOT NULL CHECK (state IN ('pending', 'accepted', 'counter_offered',
                                   'declined', 'active', 'completed', 'cancelled')),
    counter_offer_energy_wh    REAL,
    counter_offer_departure_at INTEGER,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    FOREIGN KEY (charge_point_id, connector_id) REFERENCES connectors (charge_point_id, connector_id),
    -- An opted-in request is a promise to plan for: it needs both the energy and the departure.
    CHECK (opt_in = 0 OR (energy_requested_wh IS NOT NULL AND departure_at IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX ux_charging_requests_open_per_connector ON charging_requests (charge_point_id, connector_id)
    WHERE state IN ('pending', 'accepted', 'counter_offered', 'active');

CREATE INDEX ix_charging_requests_user ON charging_requests (user_id, created_at);

CREATE TABLE slot_plans (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    group_id          TEXT    NOT NULL,
    slot_start        INTEGER NOT NULL,
    revision          INTEGER NOT NULL CHECK (revision >= 1),
    algorithm_version TEXT    NOT NULL,
    input_json        TEXT    NOT NULL,
    output_json       TEXT    NOT NULL,
    input_sha256      TEXT    NOT NULL CHECK (length(input_sha256) = 64),
    output_sha256     TEXT    NOT NULL CHECK (length(output_sha256) = 64),
    created_at        INTEGER NOT NULL,
    UNIQUE (group_id, slot_start, revision)
) STRICT;

CREATE INDEX ix_slot_plans_slot ON slot_plans (slot_start);

CREATE TABLE chain_outbox (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    key             TEXT    NOT NULL UNIQUE,
    payload_json    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'confirmed', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_error_at   INTEGER,
    tx_hash         TEXT,
    sent_at         INTEGER,
    confirmed_block INTEGER,
    confirmed_at    INTEGER
) STRICT;

CREATE INDEX ix_chain_outbox_unconfirmed ON chain_outbox (state, id) WHERE state IN ('pending', 'sent');

CREATE TABLE schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
) STRICT;
INSERT INTO schema_version VALUES (1, 'initial', 1764072000000);

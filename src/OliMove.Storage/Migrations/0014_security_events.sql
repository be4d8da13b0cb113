-- Version 14: security events (OCPP 1.6 security extension). Those a charger reports in SecurityEventNotification,
-- stored before the reply (decision 0042), and those the edge raises itself, e.g. a TLS client certificate it
-- refused under security profile 3. No reference to charge_points: an event outlives its charger in the site map.

CREATE TABLE security_events (
    id              INTEGER PRIMARY KEY,
    charge_point_id TEXT    NOT NULL,
    -- The whitepaper's event name (e.g. TamperDetectionActivated) or a vendor's; at most 50 characters by schema.
    type            TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 50),
    -- The charger's timestamp for its own events; the edge's clock for the edge's.
    occurred_at     INTEGER NOT NULL,
    tech_info       TEXT    CHECK (tech_info IS NULL OR length(tech_info) <= 255),
    received_at     INTEGER NOT NULL,
    origin          TEXT    NOT NULL CHECK (origin IN ('ChargePoint', 'CentralSystem'))
) STRICT;

CREATE INDEX security_events_by_received_at ON security_events (received_at);

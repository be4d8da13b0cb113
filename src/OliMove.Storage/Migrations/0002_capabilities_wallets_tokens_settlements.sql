-- Version 2: what smart charging learns from each charge point (GetConfiguration, OCPP 1.6 §9.1),
-- the user's eWallet, API tokens and session settlements.

ALTER TABLE charge_points ADD COLUMN allowed_charging_rate_units TEXT; -- ChargingScheduleAllowedChargingRateUnit, as reported (CSL)
ALTER TABLE charge_points ADD COLUMN max_schedule_periods INTEGER;    -- ChargingScheduleMaxPeriods
ALTER TABLE charge_points ADD COLUMN max_stack_level INTEGER;         -- ChargeProfileMaxStackLevel
ALTER TABLE charge_points ADD COLUMN max_profiles_installed INTEGER;  -- MaxChargingProfilesInstalled

ALTER TABLE users ADD COLUMN wallet_address TEXT;
ALTER TABLE users ADD COLUMN keystore_json TEXT;

CREATE TABLE api_tokens (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    -- Only the SHA-256 of the token is kept; the token itself is shown once to whoever created it.
    token_sha256 TEXT    NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    role         TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'user')),
    user_id      INTEGER REFERENCES users (id),
    label        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER
) STRICT;

CREATE TABLE session_settlements (
    transaction_id    INTEGER NOT NULL PRIMARY KEY REFERENCES transactions (id),
    energy_wh         REAL    NOT NULL CHECK (energy_wh >= 0),
    bill_minor_units  INTEGER NOT NULL CHECK (bill_minor_units >= 0),
    currency          TEXT    NOT NULL CHECK (length(currency) = 3),
    flexibility_kwh_h REAL    NOT NULL CHECK (flexibility_kwh_h >= 0),
    -- ERC-20 base units (18 decimals) overflow 64 bits: kept as a decimal string.
    tokens_base_units TEXT    NOT NULL CHECK (tokens_base_units NOT GLOB '*[^0-9]*' AND length(tokens_base_units) > 0),
    settled_at        INTEGER NOT NULL
) STRICT;

-- Version 16: the last FirmwareStatusNotification and DiagnosticsStatusNotification of each charge point
-- (OCPP 1.6 §4.4, §4.5), so an operator who started UpdateFirmware or GetDiagnostics sees how it goes, also
-- after a restart. Times are Unix ms UTC. A notification older than the stored one is ignored.
CREATE TABLE charge_point_maintenance (
    charge_point_id        TEXT    NOT NULL PRIMARY KEY,
    firmware_status        TEXT,
    firmware_status_at     INTEGER,
    diagnostics_status     TEXT,
    diagnostics_status_at  INTEGER,
    CHECK ((firmware_status IS NULL) = (firmware_status_at IS NULL)),
    CHECK ((diagnostics_status IS NULL) = (diagnostics_status_at IS NULL))
) STRICT, WITHOUT ROWID;

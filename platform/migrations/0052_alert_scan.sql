-- How far job alerts have scanned the items table for new and changed items. One row.
-- Not personal data. Scanning catches every way items arrive (CLI, admin API, uploads, syncs).
CREATE TABLE alert_scan_state (
  id            integer     PRIMARY KEY CHECK (id = 1),
  scanned_until timestamptz NOT NULL
);

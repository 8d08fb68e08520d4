-- Scheduling state of public-source syncs (ingest/sources/): which instance holds a source's lease
-- and when it last ran, so that with several app instances only one runs a given sync and the
-- interval counts across restarts. No personal data. Run results live in ingest_runs.
CREATE TABLE source_sync_state (
  source           text        PRIMARY KEY,
  lease_holder     text,
  lease_expires_at timestamptz,
  last_started_at  timestamptz,
  last_finished_at timestamptz,
  last_status      text
);

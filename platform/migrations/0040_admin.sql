-- Knowledge administration: editors and their scope, personal API tokens, an append-only audit log
-- and the state of scheduled admin jobs (retention, weekly digest). See docs/decisions/0040.

-- An editor is a person who maintains knowledge items. Scope: every municipality of the employment
-- area (all_municipalities) or the listed Statistics Finland codes. Area admins also manage editors
-- and run privacy operations. Teams SSO users are matched by Entra object id or user principal name.
CREATE TABLE admin_editors (
  user_name          text        PRIMARY KEY,
  role               text        NOT NULL DEFAULT 'editor' CHECK (role IN ('editor', 'admin')),
  all_municipalities boolean     NOT NULL DEFAULT false,
  municipalities     text[]      NOT NULL DEFAULT '{}',
  entra_object_id    text,
  principal_name     text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX admin_editors_object_id_idx ON admin_editors (entra_object_id) WHERE entra_object_id IS NOT NULL;
CREATE INDEX admin_editors_principal_idx ON admin_editors (lower(principal_name));

-- Personal API tokens: only the SHA-256 of a 256-bit random token is stored (a slow hash adds
-- nothing against guessing a value of that entropy), with a short prefix to tell tokens apart.
CREATE TABLE admin_tokens (
  id           bigserial   PRIMARY KEY,
  user_name    text        NOT NULL REFERENCES admin_editors (user_name) ON DELETE CASCADE,
  token_hash   text        NOT NULL UNIQUE,
  token_prefix text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE INDEX admin_tokens_user_idx ON admin_tokens (user_name);

-- Every change made through the admin API or CLI. Append-only: the trigger below rejects UPDATE
-- always and DELETE unless the transaction set lahituki.audit_maintenance (retention only).
CREATE TABLE admin_audit_log (
  id           bigserial   PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text        NOT NULL,
  action       text        NOT NULL,
  source       text,
  item_id      text,
  municipality text,
  before_hash  text,
  after_hash   text,
  details      jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX admin_audit_log_at_idx ON admin_audit_log (at DESC);
CREATE INDEX admin_audit_log_item_idx ON admin_audit_log (source, item_id);

CREATE OR REPLACE FUNCTION admin_audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('lahituki.audit_maintenance', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'admin_audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER admin_audit_log_no_change
  BEFORE UPDATE OR DELETE ON admin_audit_log
  FOR EACH ROW EXECUTE FUNCTION admin_audit_log_append_only();

-- When each scheduled admin job last ran, so a restart does not repeat or skip a digest.
CREATE TABLE admin_job_runs (
  job         text        PRIMARY KEY,
  last_run_at timestamptz NOT NULL,
  details     jsonb       NOT NULL DEFAULT '{}'
);

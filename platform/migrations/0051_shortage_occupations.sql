-- Shortage occupations per employment area, kept by area admins. Not personal data.

CREATE TABLE shortage_lists (
  area        text        PRIMARY KEY,
  -- The date of the public source (e.g. the occupational barometer of the region).
  as_of       date        NOT NULL,
  source_name text        NOT NULL,
  source_url  text,
  updated_by  text        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shortage_occupations (
  area  text NOT NULL REFERENCES shortage_lists (area) ON DELETE CASCADE,
  -- ISCO-08 code, 1–4 digits; a shorter code covers every occupation under it.
  isco  text NOT NULL CHECK (isco ~ '^[0-9]{1,4}$'),
  label text,
  PRIMARY KEY (area, isco)
);

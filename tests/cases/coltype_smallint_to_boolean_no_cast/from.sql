CREATE TABLE settings (
  id integer PRIMARY KEY,
  key text NOT NULL UNIQUE,
  enabled smallint DEFAULT 0
);
COMMENT ON COLUMN settings.enabled IS 'feature switch';

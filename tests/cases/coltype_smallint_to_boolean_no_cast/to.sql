CREATE TABLE settings (
  id integer PRIMARY KEY,
  key text NOT NULL UNIQUE,
  enabled boolean DEFAULT false
);
COMMENT ON COLUMN settings.enabled IS 'feature switch';

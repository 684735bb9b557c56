CREATE TABLE settings (id integer PRIMARY KEY, config jsonb NOT NULL DEFAULT '{}'::jsonb);

CREATE TABLE settings (id integer PRIMARY KEY, config text NOT NULL DEFAULT '{}');

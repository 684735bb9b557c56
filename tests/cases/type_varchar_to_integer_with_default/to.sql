CREATE TABLE settings (id integer PRIMARY KEY, retries integer NOT NULL DEFAULT 5, label text DEFAULT 'x');

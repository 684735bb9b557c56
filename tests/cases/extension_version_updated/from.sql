CREATE EXTENSION IF NOT EXISTS hstore VERSION '1.7';
CREATE TABLE settings (id integer PRIMARY KEY, data hstore);

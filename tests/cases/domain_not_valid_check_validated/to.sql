CREATE DOMAIN qty AS integer CONSTRAINT qty_positive CHECK (VALUE > 0);
CREATE TABLE lines (id integer PRIMARY KEY, n qty);

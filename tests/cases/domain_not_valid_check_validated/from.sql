CREATE DOMAIN qty AS integer;
ALTER DOMAIN qty ADD CONSTRAINT qty_positive CHECK (VALUE > 0) NOT VALID;
CREATE TABLE lines (id integer PRIMARY KEY, n qty);

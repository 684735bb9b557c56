CREATE TABLE orders (
  id integer PRIMARY KEY,
  external_ref integer NOT NULL DEFAULT 0,
  note text
);

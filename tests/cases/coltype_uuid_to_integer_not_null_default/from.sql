CREATE TABLE orders (
  id integer PRIMARY KEY,
  external_ref uuid NOT NULL,
  note text
);

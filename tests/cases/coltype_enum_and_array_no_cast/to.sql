CREATE TABLE alerts (
  id integer PRIMARY KEY,
  message text NOT NULL,
  level smallint,
  related uuid[]
);

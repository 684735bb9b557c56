CREATE TABLE tickets (
  id uuid PRIMARY KEY,
  seq_no integer,
  title text NOT NULL
);

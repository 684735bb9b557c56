CREATE TABLE issues (
  id uuid PRIMARY KEY,
  seq_no integer,
  title text NOT NULL
);

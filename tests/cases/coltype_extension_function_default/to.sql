CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE sessions (
  id integer PRIMARY KEY,
  user_name text NOT NULL,
  token uuid NOT NULL DEFAULT uuid_generate_v4()
);

CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, created_at timestamp DEFAULT now());
CREATE INDEX users_name_idx ON users (name);

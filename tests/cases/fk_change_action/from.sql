CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, created_at timestamp DEFAULT now());
CREATE TABLE posts (id integer PRIMARY KEY, user_id uuid REFERENCES users (id));

CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, created_at timestamp DEFAULT now());
CREATE UNIQUE INDEX users_email_live ON users (lower(email)) WHERE name IS NOT NULL;

CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, created_at timestamp DEFAULT now());
CREATE VIEW active_users AS SELECT id, email FROM users WHERE name IS NOT NULL;

CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, settings jsonb NOT NULL DEFAULT '{"theme": "dark"}'::jsonb, created_at timestamp DEFAULT now());

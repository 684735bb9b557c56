CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text DEFAULT 'anonymous', created_at timestamp DEFAULT now());

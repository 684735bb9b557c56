CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE groups (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE memberships (id serial PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE, role text NOT NULL DEFAULT 'member');

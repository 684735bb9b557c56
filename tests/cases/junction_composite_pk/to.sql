CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL, name text, created_at timestamp DEFAULT now());
CREATE TABLE groups (id uuid PRIMARY KEY);
CREATE TABLE memberships (group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE, user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, role text NOT NULL, CONSTRAINT memberships_group_id_user_id_pk PRIMARY KEY (group_id, user_id));

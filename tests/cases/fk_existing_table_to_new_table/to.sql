CREATE TABLE categories (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL UNIQUE);
CREATE TABLE posts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, category_id uuid REFERENCES categories (id) ON DELETE SET NULL);
CREATE INDEX posts_category_id_idx ON posts (category_id);

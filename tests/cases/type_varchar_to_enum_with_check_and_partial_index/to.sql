CREATE TYPE post_status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE posts (id integer PRIMARY KEY, status post_status NOT NULL DEFAULT 'draft', title text);
CREATE INDEX posts_status_idx ON posts (status);
CREATE INDEX posts_published_idx ON posts (id) WHERE status = 'published';

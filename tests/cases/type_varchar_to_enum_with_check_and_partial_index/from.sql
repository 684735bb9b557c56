CREATE TABLE posts (id integer PRIMARY KEY, status varchar(20) NOT NULL DEFAULT 'draft', title text, CONSTRAINT posts_status_check CHECK (status IN ('draft', 'published', 'archived')));
CREATE INDEX posts_status_idx ON posts (status);
CREATE INDEX posts_published_idx ON posts (id) WHERE status = 'published';

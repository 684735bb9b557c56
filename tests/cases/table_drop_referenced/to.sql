CREATE TABLE posts (id uuid PRIMARY KEY, author_id uuid);

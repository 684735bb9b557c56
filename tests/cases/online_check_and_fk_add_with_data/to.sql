CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors (id) ON DELETE SET NULL, pages integer CONSTRAINT books_pages_positive CHECK (pages > 0), title text NOT NULL);

-- A file with deliberate mistakes among valid statements.
CREATE TABLE authors (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE books (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors(id),
    title text NOT NULL,
    price numeric(8,2) DEFAULT 9.99
);

CRATE TABLE typo (id int);

CREATE TABLE missing_paren (
    id integer PRIMARY KEY,
    name text NOT NULL
;

CREATE TABLE reviews (
    id integer PRIMARY KEY,
    book_id integer REFERENCES books(id) ON DELETE CASCADE,
    stars smallint CHECK (stars BETWEEN 1 AND 5),
    body text
);

ALTER TABLE ghosts ADD CONSTRAINT ghosts_pkey PRIMARY KEY (id);

CREATE INDEX books_title_idx ON books USING btree (title,);

CREATE INDEX books_isbn_idx ON books (isbn);

CREATE TABLE loans (
    book_id integer NOT NULL REFERENCES books(id),
    member text NOT NULL DEFAULT 'anonymous',
    due date NOT NULL DEFAULT CURRENT_DATE + 14
);

CREATE TABLE docs (id integer PRIMARY KEY, title text NOT NULL, archived boolean NOT NULL DEFAULT false, title_lower text GENERATED ALWAYS AS (lower(title)) STORED);
CREATE UNIQUE INDEX docs_title_live_idx ON docs (title_lower) WHERE NOT archived;

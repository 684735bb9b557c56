CREATE TABLE docs (id integer PRIMARY KEY, name text NOT NULL, is_archived boolean NOT NULL DEFAULT false, title_lower text GENERATED ALWAYS AS (lower(name)) STORED);
CREATE UNIQUE INDEX docs_title_live_idx ON docs (title_lower) WHERE NOT is_archived;

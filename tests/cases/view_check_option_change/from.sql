CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, public boolean NOT NULL DEFAULT false);
CREATE VIEW public_notes AS SELECT id, body, public FROM notes WHERE public WITH LOCAL CHECK OPTION;
CREATE VIEW short_notes AS SELECT id, body, public FROM notes WHERE length(body) < 20 WITH CASCADED CHECK OPTION;
CREATE VIEW note_ids AS SELECT id FROM notes WITH CHECK OPTION;

CREATE FUNCTION current_owner() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT current_setting('app.owner', true)::bigint $$;
CREATE TABLE notes (id integer PRIMARY KEY, owner integer NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes USING (owner = current_owner());

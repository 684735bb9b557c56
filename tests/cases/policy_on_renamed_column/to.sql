CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON notes USING (author = current_user);

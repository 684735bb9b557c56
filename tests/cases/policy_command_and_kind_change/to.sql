CREATE TABLE docs (id integer PRIMARY KEY, status text NOT NULL);
CREATE POLICY p ON docs AS RESTRICTIVE FOR UPDATE USING (status <> 'hidden') WITH CHECK (status <> 'locked');

CREATE TABLE docs (id integer PRIMARY KEY, status text NOT NULL);
CREATE POLICY p ON docs FOR SELECT USING (status <> 'hidden');

CREATE TABLE keep (id integer PRIMARY KEY);
CREATE TABLE gone (id integer PRIMARY KEY, owner text);
ALTER TABLE gone ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON gone USING (owner = current_user);

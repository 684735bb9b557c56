CREATE TABLE docs (id integer PRIMARY KEY, status text NOT NULL, author text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON docs FOR SELECT USING (status = 'published');

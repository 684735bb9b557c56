CREATE TABLE docs (id integer PRIMARY KEY, status text NOT NULL, author text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON docs FOR SELECT TO postgres, pg_read_all_data USING (status IN ('published', 'archived') OR author = current_user);

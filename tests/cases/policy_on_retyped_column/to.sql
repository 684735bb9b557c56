CREATE TABLE scores (id integer PRIMARY KEY, points bigint NOT NULL);
ALTER TABLE scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY positive ON scores USING (points > 0);
CREATE POLICY small ON scores FOR INSERT WITH CHECK (points < 100000);

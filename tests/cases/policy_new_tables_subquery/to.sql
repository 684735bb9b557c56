CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE members (team integer NOT NULL, member text NOT NULL, PRIMARY KEY (team, member));
CREATE TABLE posts (id integer PRIMARY KEY, team integer NOT NULL, body text);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE posts FORCE ROW LEVEL SECURITY;
CREATE POLICY team_read ON posts FOR SELECT USING (EXISTS (SELECT 1 FROM members m WHERE m.team = posts.team AND m.member = current_user));
CREATE POLICY team_write ON posts AS RESTRICTIVE FOR INSERT TO postgres WITH CHECK (team > 0);

CREATE TABLE memberships (org_id integer NOT NULL, user_id integer NOT NULL, PRIMARY KEY (org_id, user_id));
CREATE TABLE grants (id integer PRIMARY KEY, org_id integer NOT NULL, user_id integer NOT NULL, FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE);

CREATE DOMAIN label AS varchar(40) DEFAULT 'untitled' NOT NULL;
CREATE TABLE tags (id integer PRIMARY KEY, name label);

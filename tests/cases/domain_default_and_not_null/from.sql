CREATE DOMAIN label AS varchar(40);
CREATE TABLE tags (id integer PRIMARY KEY, name label);

CREATE SCHEMA archive;
CREATE TABLE archive.logs (id integer PRIMARY KEY, msg text);

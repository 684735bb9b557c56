CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE tags (id bigint NOT NULL, label text);

CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE VIEW user_names AS SELECT name FROM users;

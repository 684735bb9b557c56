CREATE TABLE legacy_logins (id integer PRIMARY KEY, user_name text, at timestamptz);
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE VIEW login_report AS SELECT u.name, l.at FROM users u JOIN legacy_logins l ON l.user_name = u.name;
CREATE VIEW user_names AS SELECT name FROM users;

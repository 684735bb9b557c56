INSERT INTO users (email) VALUES ('a@x');
